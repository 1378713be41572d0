/**
 * The Pulumi program: {@link com.example.users.infra.App} runs {@link
 * com.example.users.infra.Backend}, which composes the components of the sub-packages.
 */
package com.example.users.infra;
