import "server-only";
import { z } from "zod";
import { DEFAULT_GATE, type GateSettings } from "../contracts/gate";
import { gateSettingsInput } from "../lake/gate-settings";
import { NOTIFY_OFF, notifySettingsSchema, type NotifySettings } from "../contracts/notify-settings";
import { getDb } from "./client";
import { isUniqueViolation } from "./prisma-errors";

/** Admin settings, each a typed JSON value under a key; a missing or unreadable value is its default. */
const SETTINGS = {
  "quality-gate": {
    schema: gateSettingsInput,
    fallback: DEFAULT_GATE as GateSettings,
  },
  notify: { schema: notifySettingsSchema, fallback: NOTIFY_OFF as NotifySettings },
} as const;
export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;

export const settingSchema = <K extends SettingKey>(key: K): (typeof SETTINGS)[K]["schema"] => SETTINGS[key].schema;

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  const db = await getDb();
  const row = await db.setting.findUnique({ where: { key } });
  const parsed = SETTINGS[key].schema.safeParse(row?.value);
  return (parsed.success ? parsed.data : SETTINGS[key].fallback) as SettingValue<K>;
}

export async function setSetting<K extends SettingKey>(key: K, value: SettingValue<K>, actorId: string | null): Promise<SettingValue<K>> {
  const parsed = SETTINGS[key].schema.parse(value) as SettingValue<K>;
  const db = await getDb();
  await db.setting.upsert({ where: { key }, create: { key, value: parsed as object, updatedById: actorId }, update: { value: parsed as object, updatedById: actorId } });
  return parsed;
}

/** Creates the key once (its primary key is the lock): true for the one caller that created it. */
export async function claimSettingKey(key: string): Promise<boolean> {
  const db = await getDb();
  try {
    await db.setting.create({ data: { key, value: { claimedAt: new Date().toISOString() } } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
