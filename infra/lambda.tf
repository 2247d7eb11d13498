# Five small Node.js functions: start a run, validate and plan a batch, decide the quality gate, publish
# the run's summary, notify operators (docs/notifications.md). Each is the TypeScript of lib/aws/lambdas/ bundled by
# scripts/build-infra-artifacts.ts into infra/lambda/<name>/index.mjs (validate-batch with the job 1 SQL
# files it renders, under lib/; committed; tests/infra/lambda-bundles.test.ts checks they equal a fresh
# build). The AWS SDK v3 is the runtime's own. Runtime: see infra/supported-runtimes.json.

data "archive_file" "lambda" {
  for_each    = { start_run = "start-run", validate = "validate-batch", gate = "quality-gate", publish = "publish-summary", notify = "notify" }
  type        = "zip"
  source_dir  = "${path.module}/lambda/${each.value}"
  output_path = "${path.module}/.build/${each.value}.zip"
}

locals {
  lambda_runtime = "nodejs24.x"
}

resource "aws_cloudwatch_log_group" "lambda" {
  for_each          = local.function_names
  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn == "" ? null : var.kms_key_arn
}

resource "aws_sqs_queue" "start_run_dlq" {
  name                      = "${local.prefix}-start-run-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_lambda_function" "start_run" {
  function_name    = local.function_names.start_run
  role             = aws_iam_role.lambda["start_run"].arn
  runtime          = local.lambda_runtime
  handler          = "index.handler"
  filename         = data.archive_file.lambda["start_run"].output_path
  source_code_hash = data.archive_file.lambda["start_run"].output_base64sha256
  timeout          = 30
  memory_size      = 128
  architectures    = ["arm64"]
  environment {
    variables = { STATE_MACHINE_ARN = local.sfn_arn }
  }
  dead_letter_config {
    target_arn = aws_sqs_queue.start_run_dlq.arn
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

resource "aws_lambda_function" "validate" {
  function_name    = local.function_names.validate
  role             = aws_iam_role.lambda["validate"].arn
  runtime          = local.lambda_runtime
  handler          = "index.handler"
  filename         = data.archive_file.lambda["validate"].output_path
  source_code_hash = data.archive_file.lambda["validate"].output_base64sha256
  timeout          = 120
  memory_size      = 256
  architectures    = ["arm64"]
  environment {
    variables = { LAKE_BUCKET = aws_s3_bucket.this["lake"].id }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

resource "aws_lambda_function" "gate" {
  function_name    = local.function_names.gate
  role             = aws_iam_role.lambda["gate"].arn
  runtime          = local.lambda_runtime
  handler          = "index.handler"
  filename         = data.archive_file.lambda["gate"].output_path
  source_code_hash = data.archive_file.lambda["gate"].output_base64sha256
  timeout          = 60
  memory_size      = 128
  architectures    = ["arm64"]
  environment {
    variables = { LAKE_BUCKET = aws_s3_bucket.this["lake"].id }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

resource "aws_lambda_function" "publish" {
  function_name    = local.function_names.publish
  role             = aws_iam_role.lambda["publish"].arn
  runtime          = local.lambda_runtime
  handler          = "index.handler"
  filename         = data.archive_file.lambda["publish"].output_path
  source_code_hash = data.archive_file.lambda["publish"].output_base64sha256
  timeout          = 60
  memory_size      = 128
  architectures    = ["arm64"]
  environment {
    variables = { LAKE_BUCKET = aws_s3_bucket.this["lake"].id }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

# Tells operators of failed, held and retried runs and of a missing month on var.notify_webhook_url and by
# e-mail through var.notify_smtp; with neither it does nothing.
resource "aws_lambda_function" "notify" {
  function_name    = local.function_names.notify
  role             = aws_iam_role.lambda["notify"].arn
  runtime          = local.lambda_runtime
  handler          = "index.handler"
  filename         = data.archive_file.lambda["notify"].output_path
  source_code_hash = data.archive_file.lambda["notify"].output_base64sha256
  # Five tries (about 20 s of backoff) of at most 10 s each.
  timeout       = 90
  memory_size   = 128
  architectures = ["arm64"]
  environment {
    variables = {
      NOTIFY_WEBHOOK_URL  = var.notify_webhook_url
      PORTAL_URL          = var.portal_origin
      LAKE_BUCKET         = aws_s3_bucket.this["lake"].id
      BUSINESS_TIMEZONE   = var.business_timezone
      NOTIFY_EXPECTED_DAY = var.notify_expected_day == null ? "" : tostring(var.notify_expected_day)
      NOTIFY_SMTP         = var.notify_smtp == null ? "" : jsonencode({ host = var.notify_smtp.host, port = var.notify_smtp.port, user = var.notify_smtp.user, password = var.notify_smtp.password, from = var.notify_smtp.from, to = var.notify_smtp.to })
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

# A notification that still fails after the function's own retries is not worth hours of redelivery.
resource "aws_lambda_function_event_invoke_config" "notify" {
  function_name                = aws_lambda_function.notify.function_name
  maximum_retry_attempts       = 1
  maximum_event_age_in_seconds = 900
}

resource "aws_lambda_permission" "missing_month_rule" {
  statement_id  = "AllowMissingMonthRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notify.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.missing_month.arn
}

resource "aws_lambda_permission" "execution_status_rule" {
  statement_id  = "AllowExecutionStatusRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notify.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.execution_status.arn
}

# EventBridge invokes asynchronously: a couple of retries, then the dead-letter queue.
resource "aws_lambda_function_event_invoke_config" "start_run" {
  function_name                = aws_lambda_function.start_run.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600
}

resource "aws_lambda_permission" "manifest_rule" {
  statement_id  = "AllowManifestRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.start_run.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.manifest.arn
}

resource "aws_lambda_permission" "execution_ended_rule" {
  statement_id  = "AllowExecutionEndedRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.publish.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.execution_ended.arn
}
