/** The CloudWatch dashboard, the alarms and the SNS topic they notify. */
package com.example.users.infra.monitoring;
