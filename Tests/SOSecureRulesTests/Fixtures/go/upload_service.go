package main

import (
	"bytes"
	"crypto/des"
	"crypto/tls"
	"database/sql"
	"fmt"
	"html"
	"html/template"
	"io"
	"log"
	"net/http"
	// expect: go-pprof-exposed
	_ "net/http/pprof"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/ssh"
)

const uploadDir = "/srv/uploads"

// expect: go-hardcoded-jwt-secret
var signingKey = []byte("change-me-later")

func openStore() (*sql.DB, error) {
	// expect: go-hardcoded-database-password
	return sql.Open("postgres", "postgres://uploads:uploads-pw@localhost:5432/uploads")
}

func openStoreFromEnv() (*sql.DB, error) {
	// ok: go-hardcoded-database-password
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func downloadHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// expect: go-path-traversal-request-path
	data, err := os.ReadFile(filepath.Join(uploadDir, name))
	if err != nil {
		// expect: go-reflected-xss-response-writer
		fmt.Fprintf(w, "<p>No file called %s</p>", name)
		// ok: go-reflected-xss-response-writer
		fmt.Fprintf(w, "<p>No file called %s</p>", html.EscapeString(name))
		return
	}
	// ok: go-path-traversal-request-path
	thumb, _ := os.ReadFile(filepath.Join(uploadDir, "thumbs", filepath.Base(name)))
	w.Write(append(data, thumb...))
}

func uploadHandler(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
	// ok: go-unbounded-request-body-read
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	// expect: go-world-writable-permissions
	if err := os.WriteFile(filepath.Join(uploadDir, "latest.bin"), body, 0777); err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	// expect: go-cookie-without-security-flags
	http.SetCookie(w, &http.Cookie{Name: "upload_session", Value: "1", Path: "/"})
	next := r.FormValue("next")
	// expect: go-open-redirect
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func webhookHandler(w http.ResponseWriter, r *http.Request) {
	// expect: go-unbounded-request-body-read
	payload, _ := io.ReadAll(r.Body)
	target := r.FormValue("forward_to")
	// expect: go-ssrf-request-url
	resp, err := http.Post(target, "application/json", bytes.NewReader(payload))
	if err == nil {
		resp.Body.Close()
	}
	converter := r.FormValue("converter")
	// expect: go-exec-command-from-request
	exec.Command(converter, "--in", "latest.bin").Run()
	// ok: go-exec-command-from-request
	exec.Command("file", "--brief", filepath.Join(uploadDir, "latest.bin")).Run()
}

func renderNote(w http.ResponseWriter, note string) {
	page := template.Must(template.New("note").Parse(`<div>{{.}}</div>`))
	// expect: go-template-html-from-variable
	page.Execute(w, template.HTML(note))
	// ok: go-template-html-from-variable
	page.Execute(w, template.HTML("<em>empty</em>"))
}

func parseToken(raw string) (*jwt.Token, error) {
	// expect: go-jwt-parse-without-method-check
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return signingKey, nil })
}

func legacyEncrypt(key, block []byte) ([]byte, error) {
	// expect: go-des-rc4-cipher
	c, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(block))
	c.Encrypt(out, block)
	return out, nil
}

func mirrorClient(user string, signer ssh.Signer) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User: user,
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		// expect: go-ssh-insecure-host-key
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
}

func main() {
	http.HandleFunc("/download", downloadHandler)
	http.HandleFunc("/upload", uploadHandler)
	http.HandleFunc("/webhook", webhookHandler)
	// expect: go-http-server-without-timeouts
	server := &http.Server{
		Addr: ":8443",
		TLSConfig: &tls.Config{
			// expect: go-tls-min-version-too-low
			MinVersion: tls.VersionTLS10,
		},
	}
	// ok: go-http-server-without-timeouts
	admin := &http.Server{Addr: "127.0.0.1:6060", ReadHeaderTimeout: 5 * time.Second}
	go admin.ListenAndServe()
	log.Fatal(server.ListenAndServeTLS("cert.pem", "key.pem"))
}
