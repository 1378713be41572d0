package com.example.users.infra.settings;

/** How the users table is billed. */
public enum BillingMode {
  /** On-demand: pay per request, no capacity to plan. */
  PAY_PER_REQUEST,
  /** Provisioned capacity, scaled between a minimum and a maximum by Application Auto Scaling. */
  PROVISIONED
}
