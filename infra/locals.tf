data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name
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

  # Job SQL is uploaded from the same files the local backend runs.
  sql_root = "${path.module}/../lib/pipeline/sql"
  sql_files = fileset(local.sql_root, "**/*.sql")

  glue_output_log_group = "/aws-glue/python-jobs/output"
  glue_error_log_group  = "/aws-glue/python-jobs/error"

  jobs = {
    job1 = { name = "${local.prefix}-job1-raw-to-processed", role = "jobs", description = "Raw CSV to typed, clean Parquet (processed) with quarantine" }
    job2 = { name = "${local.prefix}-job2-processed-to-curated", role = "jobs", description = "Processed to curated facts and dashboard marts" }
    job3 = { name = "${local.prefix}-job3-curated-to-database", role = "loader", description = "Curated facts into the analytics schema of RDS" }
  }

  sse_algorithm = var.kms_key_arn == "" ? "AES256" : "aws:kms"
}
