// session_store: keeps login sessions in SQLite and hands out tokens (C++ rules and C rules on C++).
#include <cstring>
#include <random>
#include <sqlite3.h>
#include <string>
#include <unistd.h>

namespace auth {

struct Session {
    std::string user;
    std::string token;
    Session *next = nullptr;
};

class SessionStore {
public:
    explicit SessionStore(sqlite3 *db) : db_(db) {}

    std::string createSessionToken() {
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        // expect: cpp-random-engine-for-secret
        std::mt19937 engine(std::random_device{}());
        std::uniform_int_distribution<int> pick(0, sizeof(alphabet) - 2);
        std::string token;
        for (int i = 0; i < 40; ++i) token += alphabet[pick(engine)];
        return token;
    }

    bool save(const Session &session) {
        std::string sql = "INSERT INTO sessions (user, token) VALUES ('" + session.user + "', '" + session.token + "')";
        // expect: cpp-sql-built-by-concatenation
        return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }

    bool remove(const std::string &token) {
        sqlite3_stmt *statement = nullptr;
        const std::string sql = "DELETE FROM sessions WHERE token = ?";
        // ok: cpp-sql-built-by-concatenation
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) return false;
        sqlite3_bind_text(statement, 1, token.c_str(), -1, SQLITE_TRANSIENT);
        bool ok = sqlite3_step(statement) == SQLITE_DONE;
        sqlite3_finalize(statement);
        return ok;
    }

    void clear() {
        Session *current = head_;
        while (current != nullptr) {
            // expect: cpp-use-after-delete
            delete current;
            current = current->next;
        }
        head_ = nullptr;
    }

    int exportTo(const std::string &directory, const std::string &user) {
        // expect: cpp-c-str-of-temporary
        const char *path = (directory + "/" + user + ".sessions").c_str();
        // ok: cpp-c-str-of-temporary
        const std::string backup = directory + "/backup.sessions";
        std::size_t count = countFor(user);
        // expect: cpp-new-array-size-overflow
        char *buffer = new char[count * recordSize_];
        int written = writeRecords(path, buffer, count);
        delete[] buffer;
        return written + static_cast<int>(backup.size());
    }

private:
    std::size_t countFor(const std::string &user) const;
    int writeRecords(const char *path, char *buffer, std::size_t count);

    sqlite3 *db_;
    Session *head_ = nullptr;
    std::size_t recordSize_ = 128;
};

}  // namespace auth

int main(int argc, char **argv) {
    sqlite3 *db = nullptr;
    sqlite3_open("sessions.db", &db);
    auth::SessionStore store(db);
    char user[32];
    // expect: c-unbounded-string-copy
    std::strcpy(user, argv[1]);
    // expect: c-unchecked-privilege-drop
    setuid(1000);
    auth::Session session{user, store.createSessionToken()};
    return store.save(session) ? 0 : 1;
}
