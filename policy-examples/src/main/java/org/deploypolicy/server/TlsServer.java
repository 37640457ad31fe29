package org.deploypolicy.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.IoProblem;

/**
 * The TLS context of the decision service over HTTPS (the JDK's {@code HttpsServer}): a certificate chain and key
 * read from PEM files by Bouncy Castle ({@code bcpkix}), the key PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE
 * KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted.
 */
final class TlsServer {
    private TlsServer() {
    }

    /** A TLS context whose one key is the PEM key, with the PEM certificate chain (the server's first). */
    static SSLContext context(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile, "the TLS key");
        try {
            if (!matches(key, chain.get(0))) {
                // else the service would start, and fail every handshake
                throw new IoFailedException(new IoProblem(keyFile.toString(), "cannot serve TLS with this key: it is "
                        + "not the key of the certificate in " + certificateFile), null);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("deploy-policy", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IoFailedException(new IoProblem(keyFile.toString(),
                    "cannot serve TLS with this key and certificate: " + e.getMessage()), e);
        }
    }

    /**
     * Whether a key is the private key of a certificate's public key: what it signs, the public key verifies (true
     * for a kind of key this cannot sign with: the handshake tells then).
     */
    private static boolean matches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] challenge = "deploy-policy: is this the certificate's key?".getBytes(StandardCharsets.US_ASCII);
        Signature signing = Signature.getInstance(algorithm);
        signing.initSign(key);
        signing.update(challenge);
        byte[] signed = signing.sign();
        Signature verifying = Signature.getInstance(algorithm);
        try {
            verifying.initVerify(certificate.getPublicKey());
            verifying.update(challenge);
            return verifying.verify(signed);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            return false; // a public key of another kind
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object read = pem.readObject(); read != null; read = pem.readObject()) {
                if (read instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw IoFailedException.of(file.toString(), "cannot read the TLS certificate", asIo(e));
        }
        if (chain.isEmpty()) {
            throw new IoFailedException(new IoProblem(file.toString(),
                    "cannot read the TLS certificate: no PEM certificate (BEGIN CERTIFICATE) in it"), null);
        }
        return chain;
    }

    /**
     * The one unencrypted private key in a PEM file: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub issues an
     * App's), SEC1 ({@code BEGIN EC PRIVATE KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}).
     *
     * @param what what the key is, for messages ("the TLS key")
     * @throws IoFailedException naming the file and what is wrong, never what it holds
     */
    static PrivateKey privateKey(Path file, String what) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object read = pem.readObject(); read != null; read = pem.readObject()) {
                if (read instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (read instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException e) {
            throw IoFailedException.of(file.toString(), "cannot read " + what, e);
        }
        throw new IoFailedException(new IoProblem(file.toString(), "cannot read " + what + ": no unencrypted PEM "
                + "private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY) in it"), null);
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
