package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.cli.SchemaCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service over HTTPS with a self-signed certificate made here (Bouncy Castle), its key written PKCS#1 and
 * PKCS#8; a key file that is missing or not a key fails the start naming it.
 */
class ServiceTlsTest {
    @TempDir
    static Path dir;
    static Path certificate;
    static Path pkcs1;
    static Path pkcs8;
    /** The key of another certificate. */
    static Path otherKey;
    static X509Certificate issued;

    @BeforeAll
    static void issue() throws Exception {
        KeyPair pair = rsa();
        issued = selfSigned(pair);
        certificate = dir.resolve("server.crt");
        pem(certificate, issued);
        pkcs1 = dir.resolve("server-pkcs1.key");
        pem(pkcs1, pair);
        pkcs8 = dir.resolve("server-pkcs8.key");
        pem(pkcs8, new JcaPKCS8Generator(pair.getPrivate(), null));
        otherKey = dir.resolve("other.key");
        pem(otherKey, new JcaPKCS8Generator(rsa().getPrivate(), null));

        assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A certificate for 127.0.0.1 and localhost, valid from yesterday to tomorrow. */
    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=deploy-policy test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static void pem(Path file, Object object) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
    }

    /** A client that trusts the certificate made here, and only it. */
    private static HttpClient trusting() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("deploy-policy", issued);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static DecisionServer.Options options(Path certificate, Path key) {
        return new DecisionServer.Options(null, "127.0.0.1", 0, 2, null, List.of(), false, false, Duration.ZERO,
                false, false, new DecisionServer.Tls(certificate, key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs1", "pkcs8"})
    void theServiceAnswersOverHttpsWithEitherKeyFormat(String format) throws Exception {
        try (DecisionServer server = DecisionServer.start(options(certificate, format.equals("pkcs1") ? pkcs1 : pkcs8))) {
            assertEquals("https", server.address().getScheme());
            HttpClient client = trusting();

            HttpResponse<String> live = client.send(HttpRequest.newBuilder(server.address().resolve("health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> decided = client.send(HttpRequest.newBuilder(server.address().resolve("v1/decisions"))
                    .POST(HttpRequest.BodyPublishers.ofFile(Path.of("samples/normal-tuesday-release.json"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, live.statusCode(), live.body());
            assertEquals("{\"status\":\"live\"}", live.body());
            assertEquals(200, decided.statusCode(), decided.body());
            SchemaCheck.decision(decided.body());
            // a client that does not trust the certificate gets no answer
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.address().resolve("health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void aMissingKeyFileFailsTheStartNamingIt() {
        Path missing = dir.resolve("missing.key");

        IoFailedException error = assertThrows(IoFailedException.class,
                () -> DecisionServer.start(options(certificate, missing)));

        assertEquals(missing + ": cannot read the TLS key: no such file", error.getMessage());
        SchemaCheck.error(org.deploypolicy.PolicyJson.toJson(error));
    }

    @Test
    void aMissingKeyIsFoundBeforeThePolicyIsBuilt() throws IOException {
        Path policy = Files.createDirectories(dir.resolve("broken-policy"));
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nzone: Mars/Olympus\n");
        Path missing = dir.resolve("missing-too.key");
        IoFailedException error = assertThrows(IoFailedException.class, () -> DecisionServer.start(
                new DecisionServer.Options(policy, "127.0.0.1", 0, 2, null, List.of(), false, false, Duration.ZERO,
                        false, false, new DecisionServer.Tls(certificate, missing))));
        assertEquals(missing + ": cannot read the TLS key: no such file", error.getMessage());
    }

    @Test
    void aKeyFileThatIsNotAKeyFailsTheStartNamingIt() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "this is not a key\n");
        Path corrupt = Files.writeString(dir.resolve("corrupt.key"),
                "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");

        for (Path key : List.of(garbage, corrupt, certificate)) {
            IoFailedException error = assertThrows(IoFailedException.class,
                    () -> DecisionServer.start(options(certificate, key)));

            assertEquals(key.toString(), error.problems().get(0).file(), error::getMessage);
            assertTrue(error.getMessage().startsWith(key + ": cannot read the TLS key"), error.getMessage());
        }
    }

    @Test
    void aCertificateFileThatIsMissingOrNotACertificateFailsTheStartNamingIt() throws IOException {
        Path missing = dir.resolve("missing.crt");

        for (Path cert : List.of(missing, pkcs8)) {
            IoFailedException error = assertThrows(IoFailedException.class,
                    () -> DecisionServer.start(options(cert, pkcs8)));

            assertEquals(cert.toString(), error.problems().get(0).file(), error::getMessage);
            assertTrue(error.getMessage().startsWith(cert + ": cannot read the TLS certificate"), error.getMessage());
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesFailsTheStartNamingIt() {
        IoFailedException error = assertThrows(IoFailedException.class,
                () -> DecisionServer.start(options(certificate, otherKey)));

        assertEquals(otherKey + ": cannot serve TLS with this key: it is not the key of the certificate in "
                + certificate, error.getMessage());
    }
}
