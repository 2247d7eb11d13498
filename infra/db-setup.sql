-- Run once as the master user after the first apply (README, "Once after the first apply"); Terraform
-- fills the names (output db_setup_sql, one statement per item). Both users log in with IAM tokens.
-- The portal owns its tables (migrations at start-up, schema public); job 3 creates and loads its
-- tables in the analytics schema, which it may create in but does not own.
CREATE ROLE ${portal_user} WITH LOGIN;
GRANT rds_iam TO ${portal_user};
GRANT CONNECT, CREATE ON DATABASE ${db_name} TO ${portal_user};
GRANT USAGE, CREATE ON SCHEMA public TO ${portal_user};
CREATE ROLE ${loader_user} WITH LOGIN;
GRANT rds_iam TO ${loader_user};
GRANT CONNECT, CREATE ON DATABASE ${db_name} TO ${loader_user};
CREATE SCHEMA IF NOT EXISTS analytics;
GRANT USAGE, CREATE ON SCHEMA analytics TO ${loader_user};
