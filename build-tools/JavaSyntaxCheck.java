import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Parses every .java file under a folder and fails on any syntax error. The generated Java
 * bindings cannot be compiled here (their dependencies come from Maven Central), but parsing
 * needs nothing: java build-tools/JavaSyntaxCheck.java dist/code/java
 */
public class JavaSyntaxCheck {
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
    }
    if (sources.isEmpty()) {
      System.err.println("JavaSyntaxCheck: no .java files under " + root);
      System.exit(1);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, null)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(sources);
      JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostics, List.of("-proc:none"), null, units);
      task.parse();
    }
    long errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).peek(System.err::println).count();
    if (errors > 0) {
      System.err.println("JavaSyntaxCheck: " + errors + " syntax error(s) in " + root);
      System.exit(1);
    }
    System.out.println("JavaSyntaxCheck: " + sources.size() + " files parse");
  }
}
