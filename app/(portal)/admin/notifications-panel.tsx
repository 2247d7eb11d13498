"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { postJson } from "@/components/ui/fetch-json";
import { useToast } from "@/components/ui/toast";
import type { NotifySettingsView } from "@/lib/contracts/notify-settings";

interface ChannelResult {
  channel: "webhook" | "email";
  ok: boolean;
  error: string | null;
}

const list = (v: string) => v.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);

/** Build the PUT body: a secret field left empty keeps what the server has (the page never sees it). */
function toBody(v: Record<string, string>) {
  const webhookUrl = v.removeWebhook === "on" ? null : v.webhookUrl?.trim() ? v.webhookUrl.trim() : undefined;
  const smtp = v.smtpHost?.trim()
    ? {
        host: v.smtpHost.trim(),
        port: Number(v.smtpPort || 587),
        user: v.smtpUser?.trim() || null,
        ...(v.smtpPassword ? { password: v.smtpPassword } : {}),
        from: v.smtpFrom?.trim() ?? "",
        to: list(v.smtpTo ?? ""),
      }
    : null;
  return { ...(webhookUrl !== undefined ? { webhookUrl } : {}), smtp, expectedDay: v.expectedDay ? Number(v.expectedDay) : null };
}

/** Fields the server named in a 400, mapped onto this form's inputs. */
const FIELD_OF: Record<string, string> = { webhookUrl: "webhookUrl", "smtp.host": "smtpHost", "smtp.port": "smtpPort", "smtp.from": "smtpFrom", "smtp.to": "smtpTo", expectedDay: "expectedDay" };

/** Operators are told of failed, held and retried runs and of a missing month, by webhook and/or e-mail. */
export function NotificationsPanel({ initial }: { initial: NotifySettingsView }) {
  const router = useRouter();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<ChannelResult[] | null>(null);
  const smtp = initial.smtp;

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v = Object.fromEntries(new FormData(form)) as Record<string, string>;
    setSaving(true);
    const res = await postJson<{ notifications: NotifySettingsView }>("/api/admin/settings/notifications", toBody(v), "PUT");
    setSaving(false);
    if (!res.ok) {
      setFields(Object.fromEntries(Object.entries(res.fields).map(([k, m]) => [FIELD_OF[k.replace(/\.\d+$/, "")] ?? k, m])));
      return toast.error("Could not save the notifications", res.message);
    }
    setFields({});
    form.querySelectorAll<HTMLInputElement>('input[type="password"], input[name="webhookUrl"]').forEach((i) => (i.value = ""));
    toast.success("Notifications saved", "Failed, held and retried runs are reported from now on.");
    router.refresh();
  }

  async function sendTest() {
    setTesting(true);
    setOutcome(null);
    const res = await postJson<{ results: ChannelResult[] }>("/api/admin/settings/notifications/test", {});
    setTesting(false);
    if (!res.ok) return toast.error("Could not send a test", res.message);
    setOutcome(res.data.results);
  }

  return (
    <Card>
      <CardHeader
        title="Notifications"
        description="Where operators are told of a failed run, a run held by the quality gate, a run that succeeded after a retry, and a month still missing by the expected day."
      />
      <CardBody className="space-y-4">
        <form onSubmit={save} className="space-y-4" aria-label="Notification settings">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Webhook URL"
              name="webhookUrl"
              type="url"
              autoComplete="off"
              placeholder={initial.webhook.set ? `Set (${initial.webhook.host}); leave empty to keep` : "https://hooks.slack.com/services/…"}
              hint="Receives JSON with a Slack-compatible text field. Kept secret: it is never shown again."
              error={fields.webhookUrl}
            />
            {initial.webhook.set ? (
              <label className="flex items-center gap-2 self-center text-sm">
                <input type="checkbox" name="removeWebhook" className="size-4 accent-(--accent)" /> Remove the webhook
              </label>
            ) : null}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="SMTP host" name="smtpHost" defaultValue={smtp?.host ?? ""} hint="Empty: no e-mail." error={fields.smtpHost} />
            <TextField label="SMTP port" name="smtpPort" type="number" min={1} max={65535} defaultValue={String(smtp?.port ?? 587)} hint="465 uses TLS at once; others STARTTLS." error={fields.smtpPort} />
            <TextField label="SMTP user" name="smtpUser" autoComplete="off" defaultValue={smtp?.user ?? ""} />
            <TextField
              label="SMTP password"
              name="smtpPassword"
              type="password"
              autoComplete="new-password"
              placeholder={smtp?.passwordSet ? "Set; leave empty to keep" : ""}
            />
            <TextField label="From address" name="smtpFrom" type="email" defaultValue={smtp?.from ?? ""} error={fields.smtpFrom} />
            <TextField label="To addresses" name="smtpTo" defaultValue={smtp?.to.join(", ") ?? ""} hint="Comma separated." error={fields.smtpTo} />
          </div>
          <TextField
            label="Expected month by day"
            name="expectedDay"
            type="number"
            min={1}
            max={28}
            className="sm:max-w-xs"
            defaultValue={initial.expectedDay === null ? "" : String(initial.expectedDay)}
            hint="From this day of a month, a previous month without a succeeded run is reported once. Empty: not watched."
            error={fields.expectedDay}
          />
          <div className="flex gap-3">
            <Button type="submit" variant="primary" loading={saving}>
              Save notifications
            </Button>
            <Button type="button" variant="secondary" loading={testing} onClick={sendTest}>
              Send test
            </Button>
          </div>
        </form>
        {outcome ? (
          <Alert tone={outcome.every((r) => r.ok) ? "success" : "danger"} title="Test notification">
            <ul>
              {outcome.map((r) => (
                <li key={r.channel}>
                  {r.channel === "webhook" ? "Webhook" : "E-mail"}: {r.ok ? "delivered" : `failed (${r.error})`}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </CardBody>
    </Card>
  );
}
