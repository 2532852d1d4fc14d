import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import writeFileAtomic from "write-file-atomic";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export type StoredUser = {
  user_id: string;
  username: string | null;
  email: string | null;
  phone_number: string | null;
  phone_number_verified: boolean;
  created_at: number;
  updated_at: number;
  password: { salt: string; hash: string; temporary: boolean; updated_at: number } | null;
};

/** Transmit ids are 21 lowercase alphanumerics, as in its docs and screenshots. */
export function transmitId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(21), (byte) => alphabet[byte % alphabet.length]).join("");
}

/** The tenant's users, persisted as one JSON file that is replaced atomically on every change. */
export class UserStore {
  private constructor(
    private readonly file: string,
    private readonly users: Map<string, StoredUser>,
  ) {}

  static async open(dataDir: string): Promise<UserStore> {
    const file = path.join(dataDir, "users.json");
    await mkdir(dataDir, { recursive: true });
    const saved = await readFile(file, "utf8").then((text) => JSON.parse(text) as StoredUser[], () => []);
    return new UserStore(file, new Map(saved.map((user) => [user.user_id, user])));
  }

  byId(userId: string): StoredUser | undefined {
    return this.users.get(userId);
  }

  find(field: "username" | "email" | "phone_number", value: string): StoredUser | undefined {
    for (const user of this.users.values()) if (user[field] === value) return user;
    return undefined;
  }

  /** The new user, or null when the username is taken. */
  async create(fields: {
    username: string | null;
    email: string | null;
    phone_number: string | null;
    password: { value: string; temporary: boolean } | null;
  }): Promise<StoredUser | null> {
    const hashed = fields.password ? await hashPassword(fields.password.value) : null;
    // Checked after hashing, with nothing awaited before the insert, so two at once cannot both win.
    if (fields.username !== null && this.find("username", fields.username)) return null;
    const now = Date.now();
    const user: StoredUser = {
      user_id: transmitId(),
      username: fields.username,
      email: fields.email,
      phone_number: fields.phone_number,
      phone_number_verified: false,
      created_at: now,
      updated_at: now,
      password: hashed && fields.password ? { ...hashed, temporary: fields.password.temporary, updated_at: now } : null,
    };
    this.users.set(user.user_id, user);
    await this.save();
    return user;
  }

  async markPhoneVerified(user: StoredUser): Promise<void> {
    if (user.phone_number_verified) return;
    user.phone_number_verified = true;
    user.updated_at = Date.now();
    await this.save();
  }

  async clear(): Promise<void> {
    this.users.clear();
    await this.save();
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify([...this.users.values()], null, 2), { mode: 0o600 });
  }
}

async function hashPassword(password: string): Promise<{ salt: string; hash: string }> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return { salt: salt.toString("base64"), hash: hash.toString("base64") };
}

export async function passwordMatches(user: StoredUser, password: string): Promise<boolean> {
  if (!user.password) return false;
  const expected = Buffer.from(user.password.hash, "base64");
  const actual = await scrypt(password, Buffer.from(user.password.salt, "base64"), expected.length);
  return timingSafeEqual(expected, actual);
}

/** A password check that costs the same as a real one, for unknown users. */
export async function passwordMatchesNobody(password: string): Promise<false> {
  await scrypt(password, randomBytes(16), 32);
  return false;
}

/** The `ApiUser` shape of the Users API. */
export function toApiUser(user: StoredUser, appName: string) {
  return {
    user_id: user.user_id,
    ...(user.username !== null && { username: user.username }),
    ...(user.email !== null && { email: { value: user.email, email_verified: false } }),
    ...(user.phone_number !== null && {
      phone_number: { value: user.phone_number, phone_number_verified: user.phone_number_verified },
    }),
    status: "Active",
    created_at: user.created_at,
    updated_at: user.updated_at,
    ...(user.password && {
      password_information: {
        expired: false,
        temporary: user.password.temporary,
        updated_at: user.password.updated_at,
      },
    }),
    app_name: appName,
    identities: [],
    groupIds: [],
  };
}
