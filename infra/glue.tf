# Glue: the catalog database, three Python shell jobs (1/16 DPU, DuckDB) running infra/glue/runner.py
# over the same SQL files as the local backend, and the two crawlers.

resource "aws_glue_catalog_database" "lake" {
  name        = local.glue_database
  description = "Processed (prefixed processed_) and curated tables of the ${local.prefix} lake"
}

resource "aws_glue_job" "job" {
  for_each    = local.jobs
  name        = each.value.name
  description = each.value.description
  role_arn    = each.value.role == "loader" ? aws_iam_role.glue_loader.arn : aws_iam_role.glue_jobs.arn
  # Python shell, Python 3.9: one sixteenth of a DPU is plenty for a month of the reference volume.
  glue_version = "3.0"
  max_capacity = 0.0625
  timeout      = var.glue_job_timeout_minutes
  max_retries  = var.glue_max_retries

  command {
    name            = "pythonshell"
    python_version  = "3.9"
    script_location = "s3://${aws_s3_bucket.this["artifacts"].id}/${aws_s3_object.runner.key}"
  }

  execution_property {
    # Runs of one month are serialised by the state machine; two months may run side by side.
    max_concurrent_runs = 2
  }

  connections = each.key == "job3" ? [aws_glue_connection.rds.name] : []

  default_arguments = merge(
    {
      "--job"                       = each.key
      "--lake_bucket"               = aws_s3_bucket.this["lake"].id
      "--artifacts_bucket"          = aws_s3_bucket.this["artifacts"].id
      "--sql_prefix"                = "sql/"
      "--contract_key"              = aws_s3_object.contract.key
      "--business_timezone"         = var.business_timezone
      "--additional-python-modules" = each.key == "job3" ? var.glue_job3_python_modules : var.glue_python_modules
      "library-set"                 = "analytics"
      "--enable-metrics"            = "true"
    },
    each.key == "job3" ? {
      "--db_host"   = aws_db_instance.main.address
      "--db_port"   = tostring(aws_db_instance.main.port)
      "--db_name"   = var.db_name
      "--db_user"   = var.db_loader_username
      "--db_region" = local.region
    } : {}
  )

  depends_on = [aws_s3_object.job_sql, aws_s3_object.contract]
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
    Grouping     = { TableLevelConfiguration = 3, TableGroupingPolicy = "CombineCompatibleSchemas" }
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
