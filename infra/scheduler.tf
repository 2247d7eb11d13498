# RDS runs in working hours only: started and stopped Monday to Friday in the given time zone.
# (A batch that lands outside them: ValidateBatch starts the database before job 3 needs it.)
resource "aws_scheduler_schedule" "rds" {
  for_each = {
    start = { cron = var.working_hours_start_cron, action = "startDBInstance" }
    stop  = { cron = var.working_hours_stop_cron, action = "stopDBInstance" }
  }
  name                         = "${local.prefix}-rds-${each.key}"
  description                  = "${each.key} ${aws_db_instance.main.identifier} (working hours)"
  schedule_expression          = each.value.cron
  schedule_expression_timezone = var.working_hours_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:${local.partition}:scheduler:::aws-sdk:rds:${each.value.action}"
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ DbInstanceIdentifier = aws_db_instance.main.identifier })
    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }
  }
}
