/**
 * Safe production deploys: AWS CodeDeploy shifts the function's alias from the version it serves to
 * the one {@code pulumi up} published, and rolls back when a rollback alarm fires.
 */
package com.example.users.infra.deployment;
