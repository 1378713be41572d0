/**
 * The toolchain's AWS side: a Pulumi program that lets this repository's GitHub Actions workflows
 * reach AWS through OIDC, with no stored keys.
 *
 * <ul>
 *   <li>{@link com.example.users.toolchain.ToolchainSettings}: the stack settings, read once and
 *       validated.
 *   <li>{@link com.example.users.toolchain.Policies}: every IAM policy document (trust, preview,
 *       deploy, the function boundary), as pure functions.
 *   <li>{@link com.example.users.toolchain.StateBackend}: the optional S3 bucket and KMS key for
 *       self-managed Pulumi state.
 *   <li>{@link com.example.users.toolchain.ToolchainProgram}: the program that composes them.
 * </ul>
 */
package com.example.users.toolchain;
