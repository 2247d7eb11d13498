# One role per responsibility, each allowed only the actions and resources it needs.
# "*" resources appear only for actions that support no resource-level permission (X-Ray, log
# delivery of Step Functions, EC2 Describe* for Glue's VPC connection, CloudWatch metrics).

locals {
  lake_arn      = aws_s3_bucket.this["lake"].arn
  results_arn   = aws_s3_bucket.this["results"].arn
  artifacts_arn = aws_s3_bucket.this["artifacts"].arn

  sfn_name       = "${local.prefix}-pipeline"
  sfn_arn        = "arn:${local.partition}:states:${local.region}:${local.account}:stateMachine:${local.sfn_name}"
  executions_arn = "arn:${local.partition}:states:${local.region}:${local.account}:execution:${local.sfn_name}:*"

  job_arns     = [for k, j in local.jobs : "arn:${local.partition}:glue:${local.region}:${local.account}:job/${j.name}"]
  crawler_arns = [for c in ["processed", "curated"] : "arn:${local.partition}:glue:${local.region}:${local.account}:crawler/${local.prefix}-${c}"]
  catalog_arns = [
    "arn:${local.partition}:glue:${local.region}:${local.account}:catalog",
    "arn:${local.partition}:glue:${local.region}:${local.account}:database/${local.glue_database}",
    "arn:${local.partition}:glue:${local.region}:${local.account}:table/${local.glue_database}/*",
  ]
  glue_log_group_arns = [
    "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${local.glue_output_log_group}:*",
    "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${local.glue_error_log_group}:*",
  ]
  function_names = {
    start_run = "${local.prefix}-start-run"
    validate  = "${local.prefix}-validate-batch"
    gate      = "${local.prefix}-quality-gate"
    publish   = "${local.prefix}-publish-summary"
    notify    = "${local.prefix}-notify"
  }
  function_log_arns = { for k, n in local.function_names : k => "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${n}:*" }
  kms_arns          = var.kms_key_arn == "" ? [] : [var.kms_key_arn]
}

data "aws_iam_policy_document" "assume" {
  # guard: the service sets aws:SourceAccount when it assumes the role (Step Functions does). Glue and
  # Lambda do not: with the condition their AssumeRole is denied and jobs and functions fail to start.
  # Their roles can only be handed to them by this account's principals (iam:PassRole) anyway.
  for_each = {
    glue   = { service = "glue.amazonaws.com", guard = false }
    states = { service = "states.amazonaws.com", guard = true }
    lambda = { service = "lambda.amazonaws.com", guard = false }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value.service]
    }
    dynamic "condition" {
      for_each = each.value.guard ? [local.account] : []
      content {
        # Confused-deputy guard: only this account's resources may use the role.
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [condition.value]
      }
    }
  }
}

data "aws_iam_policy_document" "assume_portal" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = var.portal_assume_role_services
    }
  }
}

# --- Glue jobs 1 and 2: raw → staged processed → staged curated (nothing published) ---

data "aws_iam_policy_document" "glue_jobs" {
  statement {
    sid = "ReadLake"
    # Raw files and the read plan; the published processed data and curated marts (job 2 reads the month
    # as it will be once published, and the previous month's figures); the run's staging.
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.raw_prefix}*", "${local.lake_arn}/${local.processed_prefix}*", "${local.lake_arn}/${local.curated_prefix}*", "${local.lake_arn}/${local.staging_prefix}*"]
  }
  statement {
    sid = "WriteStagingRejectsReports"
    # Never the published partitions: only job 3 publishes, after the quality gate.
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.lake_arn}/${local.staging_prefix}*", "${local.lake_arn}/${local.rejects_prefix}*", "${local.lake_arn}/${local.reports_prefix}*"]
  }
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]
  }
  statement {
    sid       = "ReadArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["${local.artifacts_arn}/glue/*", "${local.artifacts_arn}/sql/*", "${local.artifacts_arn}/wheels/*"]
  }
  statement {
    sid       = "ListSql"
    actions   = ["s3:ListBucket"]
    resources = [local.artifacts_arn]
  }
  statement {
    sid       = "JobLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = local.glue_log_group_arns
  }
  statement {
    sid       = "JobMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }
  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 ? [1] : []
    content {
      sid       = "LakeKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_role" "glue_jobs" {
  name               = "${local.prefix}-glue-jobs"
  assume_role_policy = data.aws_iam_policy_document.assume["glue"].json
}

resource "aws_iam_role_policy" "glue_jobs" {
  name   = "lake-jobs"
  role   = aws_iam_role.glue_jobs.id
  policy = data.aws_iam_policy_document.glue_jobs.json
}

# --- Glue job 3: publishes the staged month (RDS inside the VPC with IAM authentication, then the lake) ---

data "aws_iam_policy_document" "glue_loader" {
  statement {
    sid       = "ReadStaged"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.staging_prefix}*", "${local.lake_arn}/${local.manifests_prefix}*"]
  }
  statement {
    sid = "PublishPartitions"
    # The staged partitions are copied over the published ones (CopyObject, or UploadPartCopy past 5 GB),
    # stale objects deleted; the report goes under processed/_reports/.
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.lake_arn}/${local.processed_prefix}*", "${local.lake_arn}/${local.curated_prefix}*"]
  }
  statement {
    sid       = "RemoveStaging"
    actions   = ["s3:DeleteObject"]
    resources = ["${local.lake_arn}/${local.staging_prefix}*"]
  }
  statement {
    sid       = "ListCurated"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]
  }
  statement {
    sid       = "ReadArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["${local.artifacts_arn}/glue/*", "${local.artifacts_arn}/sql/*", "${local.artifacts_arn}/wheels/*"]
  }
  statement {
    sid       = "ListSql"
    actions   = ["s3:ListBucket"]
    resources = [local.artifacts_arn]
  }
  statement {
    sid       = "ConnectAsLoader"
    actions   = ["rds-db:connect"]
    resources = [local.db_user_arn.loader]
  }
  statement {
    sid       = "UseConnection"
    actions   = ["glue:GetConnection"]
    resources = ["arn:${local.partition}:glue:${local.region}:${local.account}:catalog", "arn:${local.partition}:glue:${local.region}:${local.account}:connection/${local.prefix}-rds"]
  }
  statement {
    sid     = "VpcInterfaces"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      [for s in var.private_subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account}:subnet/${s}"],
      ["arn:${local.partition}:ec2:${local.region}:${local.account}:security-group/${aws_security_group.glue.id}"],
      ["arn:${local.partition}:ec2:${local.region}:${local.account}:network-interface/*"],
    )
  }
  statement {
    sid       = "VpcInterfaceCleanup"
    actions   = ["ec2:DeleteNetworkInterface", "ec2:CreateTags", "ec2:DeleteTags"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account}:network-interface/*"]
  }
  statement {
    sid = "VpcDescribe"
    # EC2 Describe* calls support no resource-level permissions.
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs"]
    resources = ["*"]
  }
  statement {
    sid       = "JobLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = local.glue_log_group_arns
  }
  statement {
    sid       = "JobMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }
  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 ? [1] : []
    content {
      sid       = "LakeKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_role" "glue_loader" {
  name               = "${local.prefix}-glue-loader"
  assume_role_policy = data.aws_iam_policy_document.assume["glue"].json
}

resource "aws_iam_role_policy" "glue_loader" {
  name   = "curated-to-rds"
  role   = aws_iam_role.glue_loader.id
  policy = data.aws_iam_policy_document.glue_loader.json
}

# --- Glue crawlers: read processed/curated, write the catalog ---

data "aws_iam_policy_document" "glue_crawler" {
  statement {
    sid       = "ReadLayers"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.processed_prefix}*", "${local.lake_arn}/${local.curated_prefix}*"]
  }
  statement {
    sid       = "ListLayers"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]
  }
  statement {
    sid = "Catalog"
    actions = [
      "glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable",
      "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:CreatePartition",
      "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition",
    ]
    resources = local.catalog_arns
  }
  statement {
    sid       = "CrawlerLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws-glue/crawlers:*"]
  }
  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 ? [1] : []
    content {
      sid       = "LakeKey"
      actions   = ["kms:Decrypt"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_role" "glue_crawler" {
  name               = "${local.prefix}-glue-crawler"
  assume_role_policy = data.aws_iam_policy_document.assume["glue"].json
}

resource "aws_iam_role_policy" "glue_crawler" {
  name   = "crawl-lake"
  role   = aws_iam_role.glue_crawler.id
  policy = data.aws_iam_policy_document.glue_crawler.json
}

# --- Step Functions: invoke the three task Lambdas, run the jobs (.sync), start and poll the crawlers ---

data "aws_iam_policy_document" "sfn" {
  statement {
    sid     = "InvokeFunctions"
    actions = ["lambda:InvokeFunction"]
    resources = [
      aws_lambda_function.validate.arn, "${aws_lambda_function.validate.arn}:*",
      aws_lambda_function.gate.arn, "${aws_lambda_function.gate.arn}:*",
      aws_lambda_function.publish.arn, "${aws_lambda_function.publish.arn}:*",
    ]
  }
  statement {
    sid       = "RunJobs"
    actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    resources = local.job_arns
  }
  statement {
    sid       = "RunCrawlers"
    actions   = ["glue:StartCrawler", "glue:GetCrawler"]
    resources = local.crawler_arns
  }
  statement {
    sid = "LogDelivery"
    # CloudWatch Logs delivery for Step Functions supports no resource-level permissions.
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "sfn" {
  name               = "${local.prefix}-state-machine"
  assume_role_policy = data.aws_iam_policy_document.assume["states"].json
}

resource "aws_iam_role_policy" "sfn" {
  name   = "orchestrate"
  role   = aws_iam_role.sfn.id
  policy = data.aws_iam_policy_document.sfn.json
}

# --- Lambdas ---

data "aws_iam_policy_document" "lambda" {
  for_each = local.function_names

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.function_log_arns[each.key]]
  }
  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # start-run: start the execution named after the batch; failed events go to the dead-letter queue.
  dynamic "statement" {
    for_each = each.key == "start_run" ? [1] : []
    content {
      sid       = "StartRun"
      actions   = ["states:StartExecution"]
      resources = [local.sfn_arn]
    }
  }
  dynamic "statement" {
    for_each = each.key == "start_run" ? [1] : []
    content {
      sid       = "DeadLetters"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.start_run_dlq.arn]
    }
  }

  # validate-batch: read the manifest, head the raw files and read their first bytes (a ranged
  # GetObject), write the batch's read plan beside the run's reports.
  dynamic "statement" {
    for_each = each.key == "validate" ? [1] : []
    content {
      sid       = "ReadRaw"
      actions   = ["s3:GetObject"]
      resources = ["${local.lake_arn}/${local.raw_prefix}*"]
    }
  }
  dynamic "statement" {
    for_each = each.key == "validate" ? [1] : []
    content {
      sid       = "WritePlan"
      actions   = ["s3:PutObject"]
      resources = ["${local.lake_arn}/${local.reports_prefix}*"]
    }
  }
  dynamic "statement" {
    for_each = each.key == "validate" ? [1] : []
    content {
      sid       = "ListRaw"
      actions   = ["s3:ListBucket"]
      resources = [local.lake_arn]
    }
  }

  # quality-gate: the thresholds in the manifest, the jobs' reports; writes its decision beside them.
  dynamic "statement" {
    for_each = each.key == "gate" ? [1] : []
    content {
      sid       = "ReadManifests"
      actions   = ["s3:GetObject"]
      resources = ["${local.lake_arn}/${local.manifests_prefix}*"]
    }
  }
  dynamic "statement" {
    for_each = each.key == "gate" ? [1] : []
    content {
      sid       = "Reports"
      actions   = ["s3:GetObject", "s3:PutObject"]
      resources = ["${local.lake_arn}/${local.reports_prefix}*"]
    }
  }
  dynamic "statement" {
    for_each = each.key == "gate" ? [1] : []
    content {
      sid       = "ListReports"
      actions   = ["s3:ListBucket"]
      resources = [local.lake_arn]
    }
  }

  # notify: posts to the operators' webhook; for the missing-month check it lists a month's published
  # KPI partition and writes its once-per-month claim beside the reports.
  dynamic "statement" {
    for_each = each.key == "notify" ? [1] : []
    content {
      sid       = "ListPublished"
      actions   = ["s3:ListBucket"]
      resources = [local.lake_arn]
    }
  }
  dynamic "statement" {
    for_each = each.key == "notify" ? [1] : []
    content {
      sid       = "ClaimMissingMonth"
      actions   = ["s3:PutObject"]
      resources = ["${local.lake_arn}/${local.reports_prefix}_notify/*"]
    }
  }

  # publish-summary: read the jobs' reports, write the run summary.
  dynamic "statement" {
    for_each = each.key == "publish" ? [1] : []
    content {
      sid       = "Reports"
      actions   = ["s3:GetObject", "s3:PutObject"]
      resources = ["${local.lake_arn}/${local.reports_prefix}*"]
    }
  }
  dynamic "statement" {
    for_each = each.key == "publish" ? [1] : []
    content {
      sid       = "ListReports"
      actions   = ["s3:ListBucket"]
      resources = [local.lake_arn]
    }
  }

  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 && each.key != "start_run" ? [1] : []
    content {
      sid       = "LakeKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_role" "lambda" {
  for_each           = local.function_names
  name               = "${each.value}-fn"
  assume_role_policy = data.aws_iam_policy_document.assume["lambda"].json
}

resource "aws_iam_role_policy" "lambda" {
  for_each = local.function_names
  name     = "function"
  role     = aws_iam_role.lambda[each.key].id
  policy   = data.aws_iam_policy_document.lambda[each.key].json
}

# --- the portal: presigned uploads, run control (retry, publish anyway), logs, analytics, catalog, its
# database login ---

data "aws_iam_policy_document" "portal" {
  statement {
    sid       = "UploadRaw"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.lake_arn}/${local.raw_prefix}*"]
  }
  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.raw_prefix}*", "${local.lake_arn}/${local.processed_prefix}*", "${local.lake_arn}/${local.curated_prefix}*"]
  }
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]
  }
  statement {
    # Retry of a caught failure and "Publish anyway" of a held run (it first lists the run's staging/,
    # under ListLake) are new executions that resume the run.
    sid       = "StartRuns"
    actions   = ["states:StartExecution"]
    resources = [local.sfn_arn]
  }
  statement {
    sid       = "WatchRuns"
    actions   = ["states:DescribeExecution", "states:GetExecutionHistory", "states:RedriveExecution"]
    resources = [local.executions_arn]
  }
  statement {
    sid       = "ReadJobLogs"
    actions   = ["logs:GetLogEvents"]
    resources = [for g in [local.glue_output_log_group, local.glue_error_log_group] : "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${g}:log-stream:*"]
  }
  statement {
    sid       = "Query"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"]
    resources = [aws_athena_workgroup.main.arn]
  }
  statement {
    sid       = "ReadCatalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"]
    resources = local.catalog_arns
  }
  statement {
    sid       = "QueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.results_arn}/*"]
  }
  statement {
    sid       = "QueryResultsBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.results_arn]
  }
  statement {
    sid       = "ConnectAsPortal"
    actions   = ["rds-db:connect"]
    resources = [local.db_user_arn.portal]
  }
  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 ? [1] : []
    content {
      sid       = "LakeKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_role" "portal" {
  name               = "${local.prefix}-portal"
  assume_role_policy = data.aws_iam_policy_document.assume_portal.json
}

resource "aws_iam_role_policy" "portal" {
  name   = "portal"
  role   = aws_iam_role.portal.id
  policy = data.aws_iam_policy_document.portal.json
}

# --- QuickSight: its service role reads the curated layer through the workgroup ---

data "aws_iam_policy_document" "quicksight" {
  statement {
    sid = "Query"
    actions = [
      "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetQueryResultsStream",
      "athena:StopQueryExecution", "athena:BatchGetQueryExecution", "athena:ListQueryExecutions", "athena:GetWorkGroup",
    ]
    resources = [aws_athena_workgroup.main.arn]
  }
  statement {
    sid       = "BrowseCatalog"
    actions   = ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"]
    resources = ["arn:${local.partition}:athena:${local.region}:${local.account}:datacatalog/AwsDataCatalog"]
  }
  statement {
    sid = "ListAthena"
    # QuickSight's data source and dataset screens list these; the actions have no resource-level permission.
    actions   = ["athena:ListWorkGroups", "athena:ListDataCatalogs", "athena:ListEngineVersions"]
    resources = ["*"]
  }
  statement {
    sid       = "ReadCatalog"
    actions   = ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"]
    resources = local.catalog_arns
  }
  statement {
    sid       = "ReadCurated"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.curated_prefix}*"]
  }
  statement {
    sid       = "ListCurated"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_arn]
  }
  statement {
    sid       = "QueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"]
    resources = [local.results_arn, "${local.results_arn}/*"]
  }
  dynamic "statement" {
    for_each = length(local.kms_arns) > 0 ? [1] : []
    content {
      # The curated layer and Athena's results are encrypted with the deployment's key.
      sid       = "LakeKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = local.kms_arns
    }
  }
}

resource "aws_iam_policy" "quicksight" {
  count  = var.enable_quicksight ? 1 : 0
  name   = "${local.prefix}-quicksight-athena"
  policy = data.aws_iam_policy_document.quicksight.json
}

resource "aws_iam_role_policy_attachment" "quicksight" {
  count      = var.enable_quicksight ? 1 : 0
  role       = var.quicksight_service_role_name
  policy_arn = aws_iam_policy.quicksight[0].arn
}
