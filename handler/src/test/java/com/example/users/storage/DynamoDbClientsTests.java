package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

class DynamoDbClientsTests {

  private static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  @Test
  void lambdaCredentials_shouldBeChosenExplicitly() {
    assertThat(
            DynamoDbClients.lambdaCredentials(
                env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://x")))
        .isInstanceOf(ContainerCredentialsProvider.class);
    assertThat(DynamoDbClients.lambdaCredentials(env("AWS_ACCESS_KEY_ID", "k")))
        .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    assertThatThrownBy(() -> DynamoDbClients.lambdaCredentials(env()))
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }
}
