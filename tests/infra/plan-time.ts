/**
 * Which Terraform expressions are known at plan time. `for_each` needs its keys (a map) or all its
 * elements (a set) and `count` its value before anything is created: an attribute that a resource gets
 * only when it is applied (an id, an ARN) there fails the plan with "Invalid for_each argument".
 *
 * An abstract evaluation over the expression's syntax tree (Terraform's own HCL parser, through
 * @cdktf/hcl2json): every value is `known`, `keys` (a map whose keys are known, values maybe not) or
 * `unknown`. Resource attributes are unknown; variables, data sources without resource inputs, path.*
 * and literals are known; locals are evaluated from their own expressions.
 */
import { getExpressionAst } from "@cdktf/hcl2json";
import type { Block, Terraform } from "./hcl";

export type Known = "known" | "keys" | "unknown";

type Ast = NonNullable<Awaited<ReturnType<typeof getExpressionAst>>>;
type Env = Record<string, Known>;

const worst = (...ks: Known[]): Known => (ks.includes("unknown") ? "unknown" : ks.includes("keys") ? "keys" : "known");

/** Functions whose result keeps its arguments' keys known when every argument's keys are. */
const KEY_PRESERVING = new Set(["merge", "tomap"]);

/** The expressions of a template's top-level `${…}` parts (braces and quoted strings inside them balanced). */
export function interpolations(template: string): string[] {
  const out: string[] = [];
  for (let i = template.indexOf("${"); i >= 0; i = template.indexOf("${", i)) {
    let depth = 0;
    let quote = false;
    let j = i + 2;
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    out.push(template.slice(i + 2, j));
    i = j + 1;
  }
  return out;
}

export class PlanTime {
  private readonly localCache = new Map<string, Promise<Known>>();

  constructor(private readonly tf: Terraform) {}

  /** A value as hcl2json gives it: literal JSON, a "${…}" string, or objects/lists of those. */
  async value(v: unknown, env: Env = {}): Promise<Known> {
    if (typeof v === "string") {
      const parts = interpolations(v);
      return worst(...(await Promise.all(parts.map((p) => this.expr(p, env)))));
    }
    if (Array.isArray(v)) return worst(...(await Promise.all(v.map((x) => this.value(x, env)))));
    if (v && typeof v === "object") {
      // An object literal: its keys are written out, so known; the values decide the rest.
      const vals = await Promise.all(Object.values(v).map((x) => this.value(x, env)));
      return worst(...vals) === "known" ? "known" : "keys";
    }
    return "known";
  }

  async expr(text: string, env: Env = {}): Promise<Known> {
    const ast = await getExpressionAst("expr.tf", text);
    if (!ast) return "known";
    return this.node(ast, env);
  }

  private async node(n: Ast, env: Env): Promise<Known> {
    const meta = (n.meta ?? {}) as Record<string, unknown>;
    const kids = (n.children ?? []) as Ast[];
    switch (n.type) {
      case "literalValue":
        return "known";
      case "scopeTraversal":
        return this.traversal(String(meta.fullAccessor), env);
      case "relativeTraversal":
      case "index":
      case "splat":
      case "template":
      case "templateWrap":
      case "tuple":
      case "binaryOp":
      case "unaryOp":
      case "conditional":
        return worst(...(await Promise.all(kids.map((k) => this.node(k, env)))));
      case "object": {
        // Children alternate key, value.
        const ks = await Promise.all(kids.filter((_, i) => i % 2 === 0).map((k) => ((k.type as string) === "" || !k.type ? Promise.resolve<Known>("known") : this.node(k, env))));
        const vs = await Promise.all(kids.filter((_, i) => i % 2 === 1).map((k) => this.node(k, env)));
        if (worst(...ks) !== "known") return "unknown";
        return worst(...vs) === "known" ? "known" : "keys";
      }
      case "for": {
        const collection = await this.expr(String(meta.collectionExpression), env);
        if (collection === "unknown") return "unknown";
        const keyVar = String(meta.keyVar ?? "");
        const valVar = String(meta.valVar ?? "");
        // Iterating a map with known keys: the key variable is known, the value variable may not be.
        const inner: Env = { ...env, ...(keyVar ? { [keyVar]: "known" } : {}), ...(valVar ? { [valVar]: collection === "keys" ? "unknown" : "known" } : {}) };
        if (!keyVar && valVar && collection === "keys") inner[valVar] = "unknown";
        const cond = meta.conditionalExpression ? await this.expr(String(meta.conditionalExpression), inner) : "known";
        if (cond !== "known") return "unknown";
        const value = await this.expr(String(meta.valueExpression), inner);
        if (!meta.keyExpression) return value === "known" ? "known" : "unknown";
        const key = await this.expr(String(meta.keyExpression), inner);
        if (key !== "known") return "unknown";
        return value === "known" ? "known" : "keys";
      }
      case "function": {
        const args = await Promise.all(kids.map((k) => this.node(k, env)));
        const name = String(meta.name);
        if (KEY_PRESERVING.has(name)) return args.includes("unknown") ? "unknown" : worst(...args);
        // keys() and length() of a map with known keys are known.
        if (name === "keys" || name === "length") return args.includes("unknown") ? "unknown" : "known";
        return args.every((a) => a === "known") ? "known" : "unknown";
      }
      default:
        return worst(...(await Promise.all(kids.map((k) => this.node(k, env)))));
    }
  }

  private async traversal(accessor: string, env: Env): Promise<Known> {
    const [root, second] = accessor.split(/[.[]/);
    if (root! in env) return env[root!]!;
    switch (root) {
      case "var":
      case "path":
      case "terraform":
      case "each":
      case "count":
        return "known";
      case "local":
        return this.local(second!);
      case "data":
        return this.dataSource(accessor);
      default:
        // A managed resource's attribute: some are only known once it exists.
        return "unknown";
    }
  }

  private local(name: string): Promise<Known> {
    let p = this.localCache.get(name);
    if (!p) {
      if (!(name in this.tf.locals)) throw new Error(`local.${name} is not defined`);
      p = this.value(this.tf.locals[name]);
      this.localCache.set(name, p);
    }
    return p;
  }

  /** A data source is read during the plan when its own arguments are known. */
  private async dataSource(accessor: string): Promise<Known> {
    const [, type, name] = accessor.split(".");
    const body = this.tf.data[type!]?.[name!.replace(/\[.*$/, "")];
    if (!body) throw new Error(`${accessor}: no such data source`);
    const { lifecycle, ...args } = body as Block;
    void lifecycle;
    return (await this.value(args)) === "unknown" ? "unknown" : "known";
  }
}
