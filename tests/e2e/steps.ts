import { expect, type Page } from "@playwright/test";

/** The steps of a walk through the flow, as a person takes them. */

type User = { username: string; password: string; phoneNumber: string };

export async function signUp(page: Page, user: User) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signup$/);
  await createUser(page, user);
}

/** On the signup page, without loading it again. */
export async function createUser(page: Page, user: User) {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Phone number").fill(user.phoneNumber);
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
