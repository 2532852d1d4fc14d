import { defineConfig } from "@playwright/test";

export const APP_PORT = Number(process.env.E2E_PORT ?? 3310);
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4310);

/** Drives Debian's Chromium; Playwright's own browser downloads are not used. */
export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "tests/e2e/global-setup.ts",
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
    },
    trace: "off",
  },
});
