/**
 * The user domain: {@link com.example.users.user.UserRules}, every validation rule and limit in one
 * place (where to add a rule for an attribute), the user record and the domain's errors.
 */
package com.example.users.user;
