/** Loads every .tf file of infra/ through @cdktf/hcl2json (Terraform itself cannot be installed here). */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";

export const INFRA = path.resolve(import.meta.dirname, "../../infra");

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Block = Record<string, any>;

export interface Terraform {
  files: string[];
  /** type → name → body */
  resources: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  variables: Record<string, Block>;
  locals: Block;
  outputs: Record<string, Block>;
  /** Raw text of every file, for reference checks. */
  text: string;
}

export async function loadTerraform(dir = INFRA): Promise<Terraform> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  const tf: Terraform = { files, resources: {}, data: {}, variables: {}, locals: {}, outputs: {}, text: "" };
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    tf.text += `\n${text}`;
    const j = await parse(f, text);
    for (const [type, byName] of Object.entries((j.resource ?? {}) as Record<string, Record<string, Block[]>>)) {
      for (const [name, bodies] of Object.entries(byName)) (tf.resources[type] ??= {})[name] = bodies[0]!;
    }
    for (const [type, byName] of Object.entries((j.data ?? {}) as Record<string, Record<string, Block[]>>)) {
      for (const [name, bodies] of Object.entries(byName)) (tf.data[type] ??= {})[name] = bodies[0]!;
    }
    for (const [name, bodies] of Object.entries((j.variable ?? {}) as Record<string, Block[]>)) tf.variables[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((j.output ?? {}) as Record<string, Block[]>)) tf.outputs[name] = bodies[0]!;
    for (const l of (j.locals ?? []) as Block[]) Object.assign(tf.locals, l);
  }
  return tf;
}

/** Every statement of an aws_iam_policy_document, including those of dynamic blocks. */
export function statementsOf(doc: Block): Block[] {
  const plain = (doc.statement ?? []) as Block[];
  const dynamic = ((doc.dynamic?.statement ?? []) as Block[]).flatMap((d) => (d.content ?? []) as Block[]);
  return [...plain, ...dynamic];
}

/** A value that may be a literal list or a "${…}" expression, as a list of strings. */
export function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v === undefined ? [] : [String(v)];
}
