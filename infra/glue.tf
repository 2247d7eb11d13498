# Glue: the catalog database, three Spark-type jobs (Glue 5, two G.1X workers) running
# infra/glue/runner.py with DuckDB on the driver over the same SQL files as the local backend, and the
# two crawlers.
resource "aws_glue_catalog_database" "lake" {
  name        = local.glue_database
  description = "Processed (prefixed processed_) and curated tables of the ${local.prefix} lake"
}

resource "aws_glue_job" "job" {
  for_each          = local.jobs
  name              = each.value.name
  description       = each.value.description
  role_arn          = each.value.role == "loader" ? aws_iam_role.glue_loader.arn : aws_iam_role.glue_jobs.arn
  glue_version      = var.glue_version
  worker_type       = local.glue_worker_type
  number_of_workers = local.glue_number_of_workers
  execution_class   = each.value.execution_class
  timeout           = var.glue_job_timeout_minutes
  # No Glue-level retries: a retry is a new JobRun the state machine's .sync task does not follow (the
  # step would fail while the retry runs on). The state machine retries; Retry in the portal resumes.
  max_retries = 0

  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://${aws_s3_bucket.this["artifacts"].id}/${aws_s3_object.runner.key}"
  }

  execution_property {
    # Runs of one month are serialised by the state machine; two months may run side by side.
    max_concurrent_runs = 2
  }

  connections = each.key == "job3" ? [aws_glue_connection.rds.name] : []

  default_arguments = merge(
    {
      "--job"               = each.key
      "--lake_bucket"       = aws_s3_bucket.this["lake"].id
      "--artifacts_bucket"  = aws_s3_bucket.this["artifacts"].id
      "--sql_prefix"        = "sql/"
      "--contract_key"      = aws_s3_object.contract.key
      "--business_timezone" = var.business_timezone
      # The engine the tests run; the runner refuses to start on another one.
      "--duckdb_version"      = local.duckdb_version
      "--duckdb_threads"      = "4"
      "--duckdb_memory_limit" = var.glue_duckdb_memory_limit
      # Wheels from the artifacts bucket only: the private subnet has no route to PyPI.
      "--additional-python-modules"       = join(",", [for f in local.glue_job_wheels[each.key] : "s3://${aws_s3_bucket.this["artifacts"].id}/${aws_s3_object.wheel[f].key}"])
      "--python-modules-installer-option" = "--no-index"
      "--custom-logGroup-prefix"          = local.glue_log_prefix
      "--enable-metrics"                  = "true"
      "--job-language"                    = "python"
    },
    each.key == "job3" ? {
      "--db_host"   = aws_rds_cluster.main.endpoint
      "--db_port"   = tostring(aws_rds_cluster.main.port)
      "--db_name"   = var.db_name
      "--db_user"   = var.db_loader_username
      "--db_region" = local.region
      # The server certificate is verified against the RDS CA bundle the project ships.
      "--db_ca_key" = aws_s3_object.rds_ca.key
    } : {}
  )

  lifecycle {
    precondition {
      condition     = length(local.glue_missing_wheels) == 0
      error_message = "Missing wheels in infra/glue/wheels for: ${join(", ", local.glue_missing_wheels)}. Download them as infra/glue/wheels/README.md says."
    }
  }

  depends_on = [aws_s3_object.job_sql, aws_s3_object.contract, aws_s3_object.rds_ca, aws_s3_object.wheel, aws_cloudwatch_log_group.glue, aws_vpc_endpoint.s3]
}

resource "aws_cloudwatch_log_group" "glue" {
  for_each          = { output = local.glue_output_log_group, error = local.glue_error_log_group }
  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn == "" ? null : var.kms_key_arn
}

# Both crawlers write one database; processed tables get a prefix so curated names stay those the
# analytics SQL uses ({{mart_kpis}} → "<database>"."mart_kpis").
resource "aws_glue_crawler" "processed" {
  name          = "${local.prefix}-processed"
  database_name = aws_glue_catalog_database.lake.name
  role          = aws_iam_role.glue_crawler.arn
  table_prefix  = "processed_"

  s3_target {
    path       = "s3://${aws_s3_bucket.this["lake"].id}/${local.processed_prefix}"
    exclusions = ["_rejects/**", "_reports/**"]
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_EVERYTHING"
  }

  configuration = jsonencode({
    Version = 1.0
    # s3://bucket/processed/<table>/month=YYYY-MM/*.parquet: one table per folder of level 3.
    Grouping      = { TableLevelConfiguration = 3, TableGroupingPolicy = "CombineCompatibleSchemas" }
    CrawlerOutput = { Partitions = { AddOrUpdateBehavior = "InheritFromTable" }, Tables = { AddOrUpdateBehavior = "MergeNewColumns" } }
  })
}

resource "aws_glue_crawler" "curated" {
  name          = "${local.prefix}-curated"
  database_name = aws_glue_catalog_database.lake.name
  role          = aws_iam_role.glue_crawler.arn

  s3_target {
    path = "s3://${aws_s3_bucket.this["lake"].id}/${local.curated_prefix}"
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_EVERYTHING"
  }

  configuration = jsonencode({
    Version       = 1.0
    Grouping      = { TableLevelConfiguration = 3, TableGroupingPolicy = "CombineCompatibleSchemas" }
    CrawlerOutput = { Partitions = { AddOrUpdateBehavior = "InheritFromTable" }, Tables = { AddOrUpdateBehavior = "MergeNewColumns" } }
  })
}

# Job 3 reaches RDS through this network connection (its ENI lives in the first private subnet).
data "aws_subnet" "glue" {
  id = var.private_subnet_ids[0]
}

resource "aws_glue_connection" "rds" {
  name            = "${local.prefix}-rds"
  connection_type = "NETWORK"
  physical_connection_requirements {
    availability_zone      = data.aws_subnet.glue.availability_zone
    subnet_id              = data.aws_subnet.glue.id
    security_group_id_list = [aws_security_group.glue.id]
  }
}
