/* Small backup helper: backup_tool <folder> [label] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void log_line(const char *text) {
    /* expect: c-format-string-not-literal */
    printf(text);
    /* ok: c-format-string-not-literal */
    printf("%s\n", text);
}

static void make_backup_key(char *key, size_t length) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (size_t i = 0; i < length; i++) {
        /* expect: c-rand-for-secret */
        key[i] = alphabet[rand() % 32];
    }
    key[length] = '\0';
}

int main(int argc, char **argv) {
    char label[32];
    char command[512];
    if (argc < 2) {
        fprintf(stderr, "usage: %s folder [label]\n", argv[0]);
        return 2;
    }
    if (argc > 2) {
        /* expect: c-unbounded-string-copy */
        strcpy(label, argv[2]);
    } else {
        /* ok: c-unbounded-string-copy */
        strcpy(label, "nightly");
        printf("label? ");
        /* expect: c-gets-call */
        gets(label);
    }
    /* expect: c-insecure-temporary-file */
    char *scratch = tmpnam(NULL);
    snprintf(command, sizeof command, "tar -czf /backups/%s.tgz %s", label, argv[1]);
    /* expect: c-command-with-external-input */
    int status = system(command);
    /* ok: c-command-with-external-input */
    system("sync");
    log_line(scratch);
    return status;
}
