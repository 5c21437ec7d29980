package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Token answers and OCI error bodies, read from their JSON tokens. */
class JsonBodiesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static BearerToken token(String json) throws RegistryProtocolException {
    return TokenService.parse("pulling", "token service T", bytes(json), NOW);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'token':'t','expires_in':300} | t | 295",
        "{'access_token':'a','expires_in':300} | a | 295",
        "{'token':'','access_token':'a'} | a | 55",
        "{'token':'t','access_token':'a','expires_in':'300'} | t | 55",
        "{'token':'t','expires_in':300.9} | t | 295",
        "{'token':'t','expires_in':8} | t | 8",
        "{'token':'t','expires_in':-5} | t | 55",
        "{'token':'t','expires_in':99999999999999999999} | t | 55",
        "{'token':'t','expires_in':9223372036854775807} | t | 31622395",
        "{'token':'t','token':{'nested':1},'access_token':'a'} | a | 55",
        "{'token':'t','issued_at':'2026-03-01T11:00:00Z','scope':[1,{}]} trailing | t | 55",
      })
  void tokenAnswer_givesTheTokenAndItsUsableLifetime(String json, String value, long seconds)
      throws RegistryProtocolException {
    BearerToken token = token(json);
    assertEquals(value, token.value());
    assertEquals(NOW.plus(Duration.ofSeconds(seconds)), token.expiresAt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "'t'", "<html>", "{'token':'t'", "null"})
  void answerThatIsNotAJsonObject_isAProtocolError(String json) {
    var e = assertThrows(RegistryProtocolException.class, () -> token(json));
    assertTrue(e.getMessage().endsWith("sent a response that is not JSON"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{'token':null}", "{'token':[]}", "{'access_token':{}}"})
  void answerWithoutAToken_isAProtocolError(String json) {
    var e = assertThrows(RegistryProtocolException.class, () -> token(json));
    assertTrue(e.getMessage().endsWith("sent no token"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      value = {
        "{'errors':[{'code':'DENIED','message':'no'}]} | DENIED: no",
        "{'errors':[{'code':'A'},{'message':'m'},{'code':'C','message':'x'},{'code':'D'}]} | A; m; C: x",
        "{'errors':[{'code':404,'detail':{'x':1}},'junk',[1]]} | 404",
        "{'errors':[{'code':'A'}],'errors':[{'code':'B'}]} | B",
        "{'errors':{'first':{'code':'A'}}} | A",
        "{'errors':'x'} | ''",
        "{'errors':[{'code':'A'}] | ''",
        "[{'code':'A'}] | ''",
        "<html>oops</html> | ''",
      })
  void errorBody_givesUpToThreeCodesAndMessages(String json, String details) {
    assertEquals(details, ErrorResponses.details(bytes(json)));
  }
}
