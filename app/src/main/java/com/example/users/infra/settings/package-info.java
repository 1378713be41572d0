/** The stack's settings, read once from the Pulumi configuration and validated. */
package com.example.users.infra.settings;
