/** The user domain: validation rules, limits, the user record and domain errors. */
package com.example.users.user;
