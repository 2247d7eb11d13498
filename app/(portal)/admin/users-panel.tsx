"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { SelectField, TextField, inputClass } from "@/components/ui/field";
import { postJson } from "@/components/ui/fetch-json";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import type { UserDto } from "@/lib/portal/user-dto";
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH, passwordProblem } from "@/lib/auth/password-policy";

const ROLE_HINT: Record<Role, string> = {
  client: "uploads monthly CSVs",
  ops: "watches runs, reads logs, retries",
  manager: "reads the dashboards",
  admin: "everything, plus users",
};

export function UsersPanel({ initial, meId }: { initial: UserDto[]; meId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [users, setUsers] = useState(initial);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formKey, setFormKey] = useState(0);

  const replace = (u: UserDto) => setUsers((xs) => xs.map((x) => (x.id === u.id ? u : x)));

  async function update(u: UserDto, patch: { role?: Role; active?: boolean }, done: string) {
    setBusyId(u.id);
    const res = await postJson<{ user: UserDto }>(`/api/admin/users/${u.id}`, patch, "PATCH");
    setBusyId(null);
    if (!res.ok) return toast.error(`Could not update ${u.email}`, res.message);
    replace(res.data.user);
    toast.success(done);
    router.refresh(); // the audit log below gets the new entry
  }

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    // The policy's checks that need no server (the common-password list is checked by the API).
    const weak = passwordProblem(v.password ?? "", { email: v.email, name: v.name });
    if (weak) return setFields({ password: weak });
    setCreating(true);
    const res = await postJson<{ user: UserDto }>("/api/admin/users", v);
    setCreating(false);
    if (!res.ok) {
      setFields(res.fields);
      if (res.code === "email_taken") setFields({ email: "A user with this email already exists" });
      return toast.error("Could not create the user", res.message);
    }
    setFields({});
    setUsers((xs) => [...xs, res.data.user]);
    setFormKey((k) => k + 1);
    toast.success("User created", `${res.data.user.email} can sign in now as ${ROLE_LABELS[res.data.user.role]}.`);
    router.refresh();
  }

  return (
    <div className="grid gap-6 2xl:grid-cols-3">
      {/* Side by side only where the users table still fits its two thirds (not on a 1366 px laptop). */}
      <Card className="min-w-0 self-start 2xl:col-span-2">
        <CardHeader title="Users" description={`${users.filter((u) => u.active).length} active of ${users.length}`} />
        <Table label="Users">
          <HeaderRow columns={[{ label: "User" }, { label: "Role" }, { label: "Last sign-in", from: "lg" }, { label: "Status" }, { label: "Actions", srOnly: true }]} />
          <TBody>
            {users.map((u) => {
              const me = u.id === meId;
              return (
                <Tr key={u.id} className={cn(!u.active && "opacity-60")}>
                  {/* A 200-character email wraps instead of pushing every user's controls off the card. */}
                  <Td className="max-w-72 break-all">
                    <div className="font-medium text-fg">
                      {u.name ?? u.email} {me ? <span className="text-xs font-normal text-muted">(you)</span> : null}
                    </div>
                    <div className="text-xs text-muted">{u.email}</div>
                  </Td>
                  <Td>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      className={cn(inputClass.replace("w-full", ""), "w-28 min-w-28 py-1.5")}
                      value={u.role}
                      disabled={me || busyId === u.id}
                      onChange={(e) => update(u, { role: e.target.value as Role }, `${u.email} is now ${ROLE_LABELS[e.target.value as Role]}`)}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  </Td>
                  <Td className="hidden text-xs whitespace-nowrap text-muted lg:table-cell">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "never"}</Td>
                  <Td>{u.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}</Td>
                  <Td className="text-right">
                    {me ? null : (
                      <Button
                        size="sm"
                        variant={u.active ? "ghost" : "secondary"}
                        loading={busyId === u.id}
                        aria-label={`${u.active ? "Deactivate" : "Reactivate"} ${u.email}`}
                        onClick={() => update(u, { active: !u.active }, `${u.email} ${u.active ? "can no longer sign in" : "can sign in again"}`)}
                      >
                        {u.active ? "Deactivate" : "Reactivate"}
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Card className="max-w-xl self-start 2xl:max-w-none">
        <CardHeader title="Add a user" description="They sign in with this email and password; tell them to keep it safe." />
        <CardBody>
          <form key={formKey} onSubmit={create} className="space-y-4" noValidate>
            <TextField label="Name" name="name" required error={fields.name} autoComplete="off" />
            <TextField label="Email" name="email" type="email" required error={fields.email} autoComplete="off" />
            <TextField label="Password" name="password" type="password" required minLength={PASSWORD_MIN_LENGTH} hint={PASSWORD_HINT} error={fields.password} autoComplete="new-password" />
            <SelectField label="Role" name="role" defaultValue="client" error={fields.role}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]} — {ROLE_HINT[r]}
                </option>
              ))}
            </SelectField>
            <Button type="submit" variant="primary" className="w-full" loading={creating}>
              Create user
            </Button>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
