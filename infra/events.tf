# S3 → EventBridge: a batch manifest (written last by the portal and by `npm run pipeline`) starts
# exactly one execution, named after the batch, through the start-run function. EventBridge's direct
# Step Functions target cannot set the execution name, so it could not deduplicate repeated events.
resource "aws_cloudwatch_event_rule" "manifest" {
  name        = "${local.prefix}-batch-manifest"
  description = "A batch manifest landed in raw/_manifests/: start the batch's run."
  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created"]
    detail = {
      bucket = { name = [aws_s3_bucket.this["lake"].id] }
      object = { key = [{ prefix = local.manifests_prefix }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "manifest" {
  rule      = aws_cloudwatch_event_rule.manifest.name
  target_id = "start-run"
  arn       = aws_lambda_function.start_run.arn
  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 10
  }
  dead_letter_config {
    arn = aws_sqs_queue.start_run_dlq.arn
  }
}

# EventBridge may put undeliverable events in the dead-letter queue.
data "aws_iam_policy_document" "dlq" {
  statement {
    sid       = "EventBridgeDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.start_run_dlq.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.manifest.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "start_run_dlq" {
  queue_url = aws_sqs_queue.start_run_dlq.id
  policy    = data.aws_iam_policy_document.dlq.json
}

# Executions that end without reaching a summary state (timed out, aborted, uncaught failure) still
# get their run summary written.
resource "aws_cloudwatch_event_rule" "execution_ended" {
  name        = "${local.prefix}-execution-ended"
  description = "A pipeline execution failed, timed out or was aborted: publish its summary."
  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = ["FAILED", "TIMED_OUT", "ABORTED"]
      stateMachineArn = [local.sfn_arn]
    }
  })
}

resource "aws_cloudwatch_event_target" "execution_ended" {
  rule      = aws_cloudwatch_event_rule.execution_ended.name
  target_id = "publish-summary"
  arn       = aws_lambda_function.publish.arn
}

# Every ending of a pipeline execution goes to the notify function, which decides whether operators are
# told (failed, held, a retry that succeeded; docs/notifications.md).
resource "aws_cloudwatch_event_rule" "execution_status" {
  name        = "${local.prefix}-execution-status"
  description = "A pipeline execution ended: notify operators of failed, held and retried runs."
  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]
      stateMachineArn = [local.sfn_arn]
    }
  })
}

# Every hour the notify function checks that last month is published once its expected day has come
# (var.notify_expected_day; null: the function does nothing), and tells the webhook once per month.
resource "aws_cloudwatch_event_rule" "missing_month" {
  name                = "${local.prefix}-missing-month-check"
  description         = "Hourly: is last month published by its expected day?"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "missing_month" {
  rule      = aws_cloudwatch_event_rule.missing_month.name
  target_id = "notify"
  arn       = aws_lambda_function.notify.arn
}

resource "aws_cloudwatch_event_target" "execution_status" {
  rule      = aws_cloudwatch_event_rule.execution_status.name
  target_id = "notify"
  arn       = aws_lambda_function.notify.arn
}
