package com.example.portal;

import java.io.*;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.naming.NamingEnumeration;
import javax.naming.directory.*;
import javax.net.ssl.SSLContext;
import javax.servlet.http.*;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.*;
import org.owasp.encoder.Encode;
import org.w3c.dom.Document;

public class DocumentPortalServlet extends HttpServlet {
    private static final Path STORAGE = Paths.get("/var/portal/documents");
    private final DirContext directory;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    public DocumentPortalServlet(DirContext directory) {
        this.directory = directory;
    }

    Connection openDatabase() throws SQLException {
        // expect: java-hardcoded-jdbc-password
        return DriverManager.getConnection("jdbc:postgresql://db:5432/portal", "portal", "portal-pass-2024");
    }

    Connection openDatabaseFromEnvironment() throws SQLException {
        // ok: java-hardcoded-jdbc-password
        return DriverManager.getConnection(System.getenv("DB_URL"), System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // expect: java-path-traversal-request-file
        File requested = new File(STORAGE.toFile(), name);
        String safeName = Paths.get(request.getParameter("name")).getFileName().toString();
        // ok: java-path-traversal-request-file
        File contained = new File(STORAGE.toFile(), safeName);
        String title = request.getParameter("title");
        response.setContentType("text/html");
        // expect: java-reflected-xss-servlet-writer
        response.getWriter().println("<h2>" + title + "</h2>");
        // ok: java-reflected-xss-servlet-writer
        response.getWriter().println("<h2>" + Encode.forHtml(title) + "</h2>");
        Files.copy(contained.toPath(), response.getOutputStream());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = sessions.start(request.getParameter("user"));
        // expect: java-cookie-without-security-flags
        Cookie plain = new Cookie("PORTAL_SESSION", token);
        response.addCookie(plain);
        // ok: java-cookie-without-security-flags
        Cookie hardened = new Cookie("PORTAL_SESSION", token);
        hardened.setHttpOnly(true);
        hardened.setSecure(true);
        response.addCookie(hardened);
        String next = request.getParameter("next");
        if (request.getParameter("strict") != null) {
            // ok: java-open-redirect
            response.sendRedirect(request.getContextPath() + "/home");
            return;
        }
        // expect: java-open-redirect
        response.sendRedirect(next);
    }

    byte[] fetchThumbnail(HttpServletRequest request) throws IOException {
        String source = request.getParameter("thumbnail");
        // expect: java-ssrf-request-url
        try (InputStream in = new URL(source).openStream()) {
            return in.readAllBytes();
        }
    }

    boolean memberOf(String user, String group) throws Exception {
        SearchControls controls = new SearchControls();
        String filter = "(&(memberOf=" + group + ")(uid=" + user + "))";
        // expect: java-ldap-filter-concatenation
        NamingEnumeration<SearchResult> found = directory.search("ou=people,dc=example,dc=com", filter, controls);
        // ok: java-ldap-filter-concatenation
        NamingEnumeration<SearchResult> safe = directory.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[] {user}, controls);
        return found.hasMore() && safe.hasMore();
    }

    String ownerOf(Document index, String documentId) throws Exception {
        // expect: java-xpath-concatenation
        return xpath.evaluate("/documents/document[@id='" + documentId + "']/owner", index);
    }

    Document parseMetadata(InputStream xml) throws Exception {
        // expect: java-xml-parser-external-entities
        DocumentBuilderFactory loose = DocumentBuilderFactory.newInstance();
        // ok: java-xml-parser-external-entities
        DocumentBuilderFactory strict = DocumentBuilderFactory.newInstance();
        strict.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return strict.newDocumentBuilder().parse(xml);
    }

    String checksum(byte[] content) throws Exception {
        // expect: java-weak-message-digest
        byte[] legacy = MessageDigest.getInstance("MD5").digest(content);
        // ok: java-weak-message-digest
        byte[] current = MessageDigest.getInstance("SHA-256").digest(content);
        return HexFormat.of().formatHex(current) + HexFormat.of().formatHex(legacy);
    }

    SSLContext tlsContext() throws Exception {
        // expect: java-weak-tls-protocol
        SSLContext old = SSLContext.getInstance("TLSv1");
        // ok: java-weak-tls-protocol
        return SSLContext.getInstance("TLSv1.3");
    }
}
