/* packet_relay: receives framed messages, stores them in SQLite and forwards them over TLS. */
#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/ssl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct frame_header {
    uint16_t type;
    uint16_t length;
};

/* expect: c-hardcoded-credential */
static const char *relay_password = "relay-admin-2024";

static SSL_CTX *upstream_context(void) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    /* expect: c-tls-verification-disabled */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    /* ok: c-obsolete-tls-protocol */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}

static void fingerprint(const unsigned char *data, size_t length, unsigned char out[16]) {
    /* expect: c-weak-hash */
    MD5(data, length, out);
}

static int store_message(sqlite3 *db, const char *sender, const char *body) {
    char sql[1024];
    snprintf(sql, sizeof sql, "INSERT INTO messages (sender, body) VALUES ('%s', '%s')", sender, body);
    /* expect: c-sql-built-by-formatting */
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int count_messages(sqlite3 *db, int limit) {
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM messages LIMIT %d", limit);
    /* ok: c-sql-built-by-formatting */
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int handle_frame(int client, const unsigned char *packet, size_t received, sqlite3 *db) {
    const struct frame_header *header = (const struct frame_header *) packet;
    char sender[64];
    char body[512];
    uint16_t body_length = ntohs(header->length);
    /* expect: c-copy-length-from-network */
    memcpy(body, packet + sizeof *header, body_length);
    body[sizeof body - 1] = '\0';
    /* expect: c-scanf-unbounded-string */
    if (sscanf(body, "%s", sender) != 1) return -1;
    char *copy = malloc(strlen(body) + 1);
    if (copy == NULL) return -1;
    memcpy(copy, body, strlen(body) + 1);
    int status = store_message(db, sender, copy);
    /* expect: c-use-after-free */
    free(copy);
    if (status != SQLITE_OK) {
        fprintf(stderr, "client %d: could not store %s\n", client, copy);
    }
    return status;
}

static int write_spool(const char *path, const char *text) {
    if (access(path, W_OK) == 0) {
        /* expect: c-access-check-before-open */
        FILE *file = fopen(path, "a");
        if (file == NULL) return -1;
        fputs(text, file);
        fclose(file);
    }
    /* expect: c-world-writable-permissions */
    return chmod(path, 0666);
}

int main(int argc, char **argv) {
    sqlite3 *db = NULL;
    if (argc < 2 || strcmp(argv[1], relay_password) != 0) return 2;
    sqlite3_open("relay.db", &db);
    SSL_CTX *ctx = upstream_context();
    /* expect: c-unchecked-privilege-drop */
    setuid(65534);
    /* ok: c-unchecked-privilege-drop */
    if (setgid(65534) != 0) return 1;
    unsigned char digest[16];
    fingerprint((const unsigned char *) argv[1], strlen(argv[1]), digest);
    write_spool("/var/spool/relay/out", "started\n");
    printf("%d messages\n", count_messages(db, 100));
    SSL_CTX_free(ctx);
    return handle_frame(0, (const unsigned char *) argv[1], strlen(argv[1]), db);
}
