package dev.statefun.kafka.module;

import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.List;

/**
 * StateFun 2.x remote functions ({@code module.spec.functions}), refused with the StateFun 3.x
 * endpoint that replaces them:
 *
 * <pre>{@code
 * functions:
 *   - function:
 *       meta: {kind: http, type: example/greeter}
 *       spec: {endpoint: http://functions:8000/statefun, states: [seen_count], maxNumBatchRequests: 500, timeout: 2min}
 * }</pre>
 *
 * <p>Those functions speak StateFun 2.x's request-reply protocol, which this runtime does not
 * serve; the StateFun 3.x SDKs speak the protocol it does, and declare their state in code.
 * Internal.
 */
final class Statefun2Functions {

  private Statefun2Functions() {}

  static StatefunConfigurationException refuse(YamlNode functions) {
    StringBuilder documents = new StringBuilder();
    for (YamlNode item : functions.list()) {
      YamlNode meta = item.get("function").get("meta");
      YamlNode spec = item.get("function").get("spec");
      documents.append("\n---\nkind: ").append(HttpEndpointReader.V2_KIND).append("\nspec:\n")
          .append("  functions: ").append(meta.get("type").optionalString().orElse("<namespace>/<name>")).append('\n')
          .append("  urlPathTemplate: ").append(spec.get("endpoint").optionalString().orElse("<url>")).append('\n');
      spec.get("maxNumBatchRequests").optionalString()
          .ifPresent(batch -> documents.append("  maxNumBatchRequests: ").append(batch).append('\n'));
      spec.get("timeout").optionalString()
          .ifPresent(timeout -> documents.append("  transport:\n    call: ").append(timeout).append('\n'));
    }
    List<String> kinds = functions.list().stream()
        .map(item -> item.get("function").get("meta").get("kind").optionalString().orElse("?"))
        .distinct()
        .toList();
    return functions.problem("StateFun 2.x remote functions (kind " + String.join(", ", kinds) + ") speak the "
            + "StateFun 2.x request-reply protocol, which is not served: only functions written with a StateFun 3.x "
            + "SDK (Java, Python, Go, JavaScript) are",
        "Move each function to its StateFun 3.x SDK (state is declared in the function's code with ValueSpec, "
            + "not in 'states'), then replace 'functions' with one document per endpoint, next to the ingress and "
            + "egress documents (io.statefun.kafka.v1/ingress, io.statefun.kafka.v1/egress):"
            + documents);
  }
}
