import { expect, type Page } from "@playwright/test";
import { EMULATOR_PORT } from "../../playwright.config";
import { injectFault as injectFaultAt } from "../support/emulator-outbox";

/** The steps of the flow as a person clicks through them, shared by the browser tests. */

export const EMULATOR_URL = `http://localhost:${EMULATOR_PORT}`;

export type User = { username: string; password: string; phoneNumber: string };

export async function fillSignup(page: Page, user: User) {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Phone number").fill(user.phoneNumber);
}

export async function signUp(page: Page, user: User) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signup$/);
  await createUser(page, user);
}

/** On the signup page, without loading it again. */
export async function createUser(page: Page, user: User) {
  await fillSignup(page, user);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Your account was created")).toBeVisible();
}

export async function logIn(page: Page, password: string) {
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Login" }).click();
}

export async function enterCode(page: Page, code: string) {
  await page.getByLabel("SMS code").fill(code);
  await page.getByRole("button", { name: "Login" }).click();
}

/** Makes the emulator's next answers on `endpoint` misbehave (docs/emulator.md, faults). */
export function injectFault(fault: { endpoint: string; kind: string; times: number; delay_ms?: number; status?: number }) {
  return injectFaultAt(EMULATOR_URL, fault);
}
