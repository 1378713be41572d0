package com.example.users.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.config.HandlerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5SdkHttpService;

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

  private static final HandlerConfig CONFIG = HandlerConfig.of("t", "us-east-1", Optional.empty());

  @Test
  void httpClient_shouldBeTheApache5Client_whenNoServiceIsNamed() {
    try (SdkHttpClient client = DynamoDbClients.httpClient(CONFIG)) {
      assertThat(client.clientName()).isEqualTo("Apache5");
    }
  }

  @Test
  void httpClient_shouldBeTheNamedServicesClient_whenTheBenchmarkNamesOne() {
    try (SdkHttpClient client =
        DynamoDbClients.httpClient(CONFIG, Apache5SdkHttpService.class.getName())) {
      assertThat(client.clientName()).isEqualTo("Apache5");
    }
    assertThatThrownBy(() -> DynamoDbClients.httpClient(CONFIG, "com.example.NoSuchService"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(DynamoDbClients.HTTP_SERVICE_PROPERTY)
        .hasMessageContaining("com.example.NoSuchService");
    assertThatThrownBy(() -> DynamoDbClients.httpClient(CONFIG, String.class.getName()))
        .isInstanceOf(IllegalStateException.class);
  }
}
