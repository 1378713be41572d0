package com.example.users.storage;

/**
 * The users table's key schema, shared by the handler, the local mode that creates the table and
 * the infrastructure program that provisions it, so that the three cannot disagree.
 */
public final class UserTable {

  /** The partition key: the user's name, a DynamoDB string ({@code S}). No sort key. */
  public static final String PARTITION_KEY = "username";

  /** The DynamoDB actions the handler performs, for a least-privilege IAM policy. */
  public static final java.util.List<String> ACTIONS_USED =
      java.util.List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Scan");

  private UserTable() {}
}
