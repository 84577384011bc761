package com.example.accounts;

import java.io.*;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.*;
import java.util.Random;
import javax.crypto.Cipher;
import javax.servlet.http.*;

public class AccountServlet extends HttpServlet {
    private final Connection connection;
    private final SecureRandom secureRandom = new SecureRandom();

    public AccountServlet(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String account = request.getParameter("account");
        try {
            Statement statement = connection.createStatement();
            // expect: java-sql-statement-concatenation
            ResultSet rows = statement.executeQuery("SELECT balance FROM accounts WHERE id = '" + account + "'");
            PreparedStatement prepared = connection.prepareStatement("SELECT owner FROM accounts WHERE id = ?");
            prepared.setString(1, account);
            // ok: java-sql-statement-concatenation
            ResultSet owners = prepared.executeQuery();
            response.getWriter().println(rows.next() ? rows.getString(1) : "none");
        } catch (SQLException e) {
            response.sendError(500);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String archive = request.getParameter("archive");
        // expect: java-command-with-request-data
        Process process = Runtime.getRuntime().exec("tar -xzf /uploads/" + archive);
        // ok: java-command-with-request-data
        Process listing = new ProcessBuilder("ls", "-l", "/uploads").start();
        try (ObjectInputStream input =
                 // expect: java-object-input-stream-deserialization
                 new ObjectInputStream(request.getInputStream())) {
            Object state = input.readObject();
        } catch (ClassNotFoundException e) {
            response.sendError(400);
        }
    }

    String resetCode() {
        // expect: java-util-random-for-secret
        String resetToken = Integer.toString(new Random().nextInt(999999));
        // ok: java-util-random-for-secret
        String nonce = Long.toHexString(secureRandom.nextLong());
        return resetToken + nonce;
    }

    byte[] encrypt(byte[] key, byte[] data) throws Exception {
        // expect: java-weak-cipher-transformation
        Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding");
        // ok: java-weak-cipher-transformation
        Cipher modern = Cipher.getInstance("AES/GCM/NoPadding");
        return cipher.doFinal(data);
    }
}
