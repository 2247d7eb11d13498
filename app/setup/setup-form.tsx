"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { postJson } from "@/components/ui/fetch-json";
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH, passwordProblem } from "@/lib/auth/password-policy";

export function SetupForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values = Object.fromEntries(form) as Record<string, string>;
    const local: Record<string, string> = {};
    // The policy's checks that need no server (the common-password list is checked by the API).
    const weak = passwordProblem(values.password ?? "", { email: values.email, name: values.name });
    if (weak) local.password = weak;
    if (values.password !== values.confirm) local.confirm = "The passwords do not match";
    setFields(local);
    setMessage(null);
    if (Object.keys(local).length) return;

    setBusy(true);
    const res = await postJson("/api/admin/setup", { name: values.name, email: values.email, password: values.password });
    if (!res.ok) {
      setFields(res.fields);
      setMessage(res.message);
      setBusy(false);
      return;
    }
    // Created: sign straight in with what was just typed, then open the admin page.
    const signed = await signIn("credentials", { redirect: false, email: values.email, password: values.password });
    router.replace(signed?.error ? "/login" : "/admin");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? <Alert tone="danger">{message}</Alert> : null}
      <TextField label="Name" name="name" autoComplete="name" required error={fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required error={fields.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={PASSWORD_HINT}
        error={fields.password}
      />
      <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required error={fields.confirm} />
      <Button type="submit" className="w-full" loading={busy}>
        Create administrator
      </Button>
    </form>
  );
}
