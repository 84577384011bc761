import GRDB

/// The knowledge base's tables, created and evolved through GRDB's migrator.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-posts-comments-entries") { db in
            // Posts keep what entries are built from: every question, and answers that have code.
            try db.execute(sql: """
                CREATE TABLE posts (
                    id INTEGER PRIMARY KEY,
                    post_type INTEGER NOT NULL,
                    parent_id INTEGER,
                    accepted_answer_id INTEGER,
                    title TEXT,
                    tags TEXT NOT NULL DEFAULT '',
                    body TEXT NOT NULL,
                    code TEXT NOT NULL,
                    language_hint TEXT,
                    score INTEGER NOT NULL,
                    creation_date TEXT,
                    vocabulary_hit INTEGER NOT NULL,
                    origin TEXT NOT NULL
                );
                CREATE TABLE comments (
                    id INTEGER PRIMARY KEY,
                    post_id INTEGER NOT NULL,
                    score INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    creation_date TEXT,
                    vocabulary_hit INTEGER NOT NULL,
                    origin TEXT NOT NULL
                );
                CREATE INDEX comments_by_post ON comments(post_id);
                CREATE TABLE entries (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    origin TEXT NOT NULL,
                    answer_id INTEGER,
                    title TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    language TEXT,
                    cwe TEXT NOT NULL,
                    apis TEXT NOT NULL,
                    score INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    question TEXT NOT NULL,
                    question_code TEXT NOT NULL,
                    answer TEXT NOT NULL,
                    code TEXT NOT NULL,
                    comments TEXT NOT NULL
                );
                CREATE INDEX entries_by_origin ON entries(origin);
                CREATE INDEX entries_by_language ON entries(language);
                CREATE VIRTUAL TABLE entries_fts USING fts5(code_terms, prose_terms, tokenize = 'unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE entries_vocabulary USING fts5vocab(entries_fts, 'row');
                CREATE TABLE ingest_checkpoint (
                    origin TEXT PRIMARY KEY,
                    state TEXT NOT NULL
                );
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-term-statistics") { db in
            // Document frequencies copied from the FTS5 vocabulary after every write: looking a
            // term up in fts5vocab costs about a millisecond, here a few microseconds.
            try db.execute(sql: """
                CREATE TABLE term_statistics (
                    term TEXT PRIMARY KEY,
                    documents INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO term_statistics SELECT term, doc FROM entries_vocabulary;
                """)
        }
        return migrator
    }
}
