data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region
  prefix    = var.name_prefix
  # Glue and Athena prefer underscores in database names.
  glue_database = replace(var.name_prefix, "-", "_")

  tags = {
    Project     = "shoplake"
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  lake_bucket      = "${local.prefix}-lake-${local.account}-${var.region}"
  results_bucket   = "${local.prefix}-athena-${local.account}-${var.region}"
  artifacts_bucket = "${local.prefix}-artifacts-${local.account}-${var.region}"

  # The lake layout of DESIGN.md (same keys as the local lake).
  raw_prefix       = "raw/"
  manifests_prefix = "raw/_manifests/"
  processed_prefix = "processed/"
  curated_prefix   = "curated/"
  reports_prefix   = "processed/_reports/"
  rejects_prefix   = "processed/_rejects/"
  # A run's month before the quality gate lets it through: staging/<month>/<run name>/{processed,curated}/.
  # Outside processed/ and curated/, so the crawlers and Athena never see it; job 3 publishes it.
  staging_prefix = "staging/"

  # Job SQL is uploaded from the same files the local backend runs.
  sql_root  = "${path.module}/../lib/pipeline/sql"
  sql_files = fileset(local.sql_root, "**/*.sql")

  # Glue 5 writes a job run's stdout/stderr to <prefix>/output and its system logs to <prefix>/error,
  # in the streams <JobRunId>-driver and -executor<n>. Groups of our own, created with a retention.
  glue_log_prefix       = "/aws-glue/${local.prefix}"
  glue_output_log_group = "${local.glue_log_prefix}/output"
  glue_error_log_group  = "${local.glue_log_prefix}/error"

  # Spark-type jobs with the fewest workers (two G.1X: 4 vCPU, 16 GB each); DuckDB runs on the driver.
  # Flex (spare capacity, 34 % cheaper, may start later) for the lake jobs; job 3 holds a database
  # transaction and wakes the database, so it runs on standard capacity.
  jobs = {
    job1 = { name = "${local.prefix}-job1-raw-to-processed", role = "jobs", execution_class = "FLEX", description = "Raw CSV to typed, clean Parquet (processed) with quarantine" }
    job2 = { name = "${local.prefix}-job2-processed-to-curated", role = "jobs", execution_class = "FLEX", description = "Processed to curated facts and dashboard marts" }
    job3 = { name = "${local.prefix}-job3-curated-to-database", role = "loader", execution_class = "STANDARD", description = "Curated facts into the analytics schema of the database" }
  }
  glue_worker_type       = "G.1X"
  glue_number_of_workers = 2

  # Python packages of the jobs, pinned in glue/requirements.txt, installed from wheels in the
  # artifacts bucket (no internet in the private subnet). Job 3 also needs the PostgreSQL driver.
  glue_requirements = [for l in split("\n", file("${path.module}/glue/requirements.txt")) : trimspace(l) if trimspace(l) != "" && !startswith(trimspace(l), "#")]
  glue_pins         = { for r in local.glue_requirements : lower(split("==", r)[0]) => split("==", r)[1] }
  duckdb_version    = local.glue_pins["duckdb"]
  glue_wheel_dir    = "${path.module}/glue/wheels"
  glue_wheel_files  = fileset(local.glue_wheel_dir, "*.whl")
  # A wheel's file name starts with the project name (dashes as underscores) and the version.
  glue_wheel_of       = { for name, version in local.glue_pins : name => [for f in local.glue_wheel_files : f if startswith(lower(f), "${replace(name, "-", "_")}-${version}-")] }
  glue_missing_wheels = [for name, files in local.glue_wheel_of : "${name}==${local.glue_pins[name]}" if length(files) == 0]
  glue_job_wheels = {
    job1 = flatten([for n in ["duckdb"] : local.glue_wheel_of[n]])
    job2 = flatten([for n in ["duckdb"] : local.glue_wheel_of[n]])
    job3 = flatten([for n in keys(local.glue_pins) : local.glue_wheel_of[n]])
  }

  sse_algorithm = var.kms_key_arn == "" ? "AES256" : "aws:kms"
}
