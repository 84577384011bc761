package main

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"fmt"
	"math/rand"
	"net/http"
	"os/exec"
)

var db *sql.DB

func searchHandler(w http.ResponseWriter, r *http.Request) {
	term := r.URL.Query().Get("q")
	query := fmt.Sprintf("SELECT name FROM files WHERE name LIKE '%%%s%%'", term)
	// expect: go-sql-built-by-formatting
	rows, err := db.Query(query)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer rows.Close()
	// ok: go-sql-built-by-formatting
	count := db.QueryRow("SELECT COUNT(*) FROM files WHERE owner = ?", r.FormValue("owner"))
	_ = count
}

func archiveHandler(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	// expect: go-exec-shell-with-dynamic-command
	out, err := exec.Command("sh", "-c", "tar -czf - "+dir).Output()
	// ok: go-exec-shell-with-dynamic-command
	list, _ := exec.Command("ls", "-l", dir).Output()
	if err == nil {
		w.Write(append(out, list...))
	}
}

func fingerprint(data []byte) string {
	// expect: go-weak-hash
	sum := md5.Sum(data)
	// ok: go-weak-hash
	strong := sha256.Sum256(data)
	return fmt.Sprintf("%x-%x", sum, strong)
}

func newSessionToken() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 24)
	for i := range b {
		// expect: go-math-rand-for-secret
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		// expect: go-tls-insecure-skip-verify
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}}
}
