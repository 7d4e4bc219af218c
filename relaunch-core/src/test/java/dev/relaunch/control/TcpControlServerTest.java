package dev.relaunch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback TCP control port that stands in for the Unix domain socket where none can be bound. */
class TcpControlServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    Path socket;
    ControlServer server;
    final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("relaunch.sock");
        server = new ControlServer(socket, req -> {
            seen.add(req);
            return new ControlAnswer.Pong(42);
        }, true);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientFindsThePortAndTokenAtTheSocketPathAndGetsTheSameAnswers() throws Exception {
        assertThat(server.tcp()).isTrue();
        assertThat(Files.isRegularFile(socket)).isTrue();
        assertThat(ControlClient.call(socket, new ControlRequest.Ping(), ControlAnswer.Pong.class, TIMEOUT).pid())
                .isEqualTo(42);
        assertThat(ControlClient.isAlive(socket)).isTrue();
        assertThat(seen).as("the handler never sees the token").allSatisfy(r -> assertThat(r).doesNotContainKey(
                "token"));
    }

    @Test
    void aRequestWithoutTheRightTokenIsRefusedBeforeTheHandlerSeesIt() throws Exception {
        int port = TcpControlFile.read(socket).port();
        for (String line : List.of("{\"cmd\":\"ping\"}", "{\"cmd\":\"ping\",\"token\":\"0123\"}",
                "{\"cmd\":\"ping\",\"token\":7}", "[1]")) {
            JsonNode answer = rawExchange(port, line);
            assertThat(answer.path("ok").asBoolean()).as(line).isFalse();
            assertThat(answer.path("error").path("code").asText()).as(line).isEqualTo("unauthorized");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void thePortFileIsTheOwnersOnlyAndGoneWhenTheServerCloses() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("POSIX permissions").contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        server.close();
        assertThat(socket).doesNotExist();
        assertThat(ControlClient.isAlive(socket)).isFalse();
    }

    @Test
    void aSecondServerOnTheSamePathSeesTheLiveOneAndAStaleFileIsReplaced() throws Exception {
        ControlServer second = new ControlServer(socket, req -> "x", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                .isInstanceOf(ControlServer.AlreadyServedException.class);
        int oldPort = TcpControlFile.read(socket).port();
        server.close();
        TcpControlFile.write(socket, oldPort, "stale"); // a crashed owner's file
        server = new ControlServer(socket, req -> new ControlAnswer.Pong(7), true);
        server.start();
        assertThat(ControlClient.call(socket, new ControlRequest.Ping(), ControlAnswer.Pong.class, TIMEOUT).pid())
                .isEqualTo(7);
    }

    private static JsonNode rawExchange(int port, String line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return new ObjectMapper().readTree(answer);
        }
    }
}
