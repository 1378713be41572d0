package com.example.users.infra;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test run once per stack file at the repository root ({@link StackFiles#names()}), displayed as
 * {@code [stack] method}: a new {@code Pulumi.<stack>.yaml} is tested the moment it exists, and a
 * failure names its stack.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{0}] {displayName}")
@MethodSource("com.example.users.infra.StackFiles#namedStacks")
@interface EveryStack {}
