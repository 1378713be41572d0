/** The Lambda deployment jar and the check that it was built from the current sources. */
package com.example.users.infra.artifact;
