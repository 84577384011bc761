<?php
// Account settings (generated): password changes, avatar upload, export download and a few helpers.
require_once __DIR__ . '/bootstrap.php';

// expect: php-display-errors-enabled
ini_set('display_errors', 1);
// ok: php-display-errors-enabled
ini_set('log_errors', '1');

function db(): PDO
{
    // expect: php-hardcoded-database-password
    return new PDO('mysql:host=localhost;dbname=accounts', 'accounts', 'Acc0unts!2024');
}

function reset_token(): string
{
    // expect: php-insecure-random-for-secret
    $token = md5(uniqid((string) mt_rand(), true));
    // ok: php-insecure-random-for-secret
    $nonce = bin2hex(random_bytes(16));
    return $token . $nonce;
}

if ($_SERVER['REQUEST_METHOD'] === 'POST' && isset($_POST['new_password'])) {
    $stmt = db()->prepare('UPDATE users SET password = ? WHERE id = ?');
    // expect: php-weak-password-hash
    $stmt->execute([md5($_POST['new_password']), $_SESSION['uid']]);
    // ok: php-weak-password-hash
    $stmt->execute([password_hash($_POST['new_password'], PASSWORD_DEFAULT), $_SESSION['uid']]);
    // expect: php-cookie-without-security-flags
    setcookie('remember_token', reset_token(), time() + 86400 * 30, '/');
    // ok: php-cookie-without-security-flags
    setcookie('session_hint', '1', ['expires' => time() + 3600, 'secure' => true, 'httponly' => true]);
}

if (isset($_FILES['avatar'])) {
    $name = $_FILES['avatar']['name'];
    // expect: php-upload-with-client-filename
    move_uploaded_file($_FILES['avatar']['tmp_name'], __DIR__ . '/uploads/' . $name);
}

$export = $_GET['export'] ?? '';
if ($export !== '') {
    // expect: php-file-access-with-request-data
    readfile('/var/exports/' . $export);
    // ok: php-file-access-with-request-data
    readfile('/var/exports/' . basename($export));
}

if (isset($_GET['avatar_url'])) {
    // expect: php-curl-url-from-request
    $ch = curl_init($_GET['avatar_url']);
    // expect: php-tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ok: php-tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
    $image = curl_exec($ch);
}

$xml = file_get_contents('php://input');
if ($xml !== '') {
    // expect: php-xml-external-entities
    $profile = simplexml_load_string($xml, 'SimpleXMLElement', LIBXML_NOENT);
    // ok: php-xml-external-entities
    $safeProfile = simplexml_load_string($xml);
}

$bio = preg_replace('/\[b\](.*?)\[\/b\]/', '<b>$1</b>', $profile->bio ?? '');
// expect: php-preg-replace-eval-modifier
$legacyBio = preg_replace('/\{(\w+)\}/e', 'strtoupper("$1")', $bio);

$members = ldap_search($ldap, 'dc=example,dc=com',
    // ok: php-ldap-filter-with-request-data
    '(objectClass=person)');
$uid = $_GET['uid'] ?? '';
// expect: php-ldap-filter-with-request-data
$match = ldap_search($ldap, 'dc=example,dc=com', "(uid=" . $uid . ")");

// expect: php-weak-cipher
$card = openssl_encrypt($cardNumber, 'des-cbc', $key, 0, $iv);
// ok: php-weak-cipher
$card = openssl_encrypt($cardNumber, 'aes-256-gcm', $key, 0, $iv, $tag);

if (isset($_GET['sid'])) {
    // expect: php-session-id-from-request
    session_id($_GET['sid']);
}

$replyTo = $_POST['reply_to'] ?? '';
// expect: php-mail-header-injection
mail('support@example.com', 'Account question', 'See form', 'Reply-To: ' . $replyTo);

$next = $_GET['next'] ?? '/account';
// expect: php-redirect-with-request-data
header('Location: ' . $next);
// ok: php-redirect-with-request-data
header('Location: /account');
