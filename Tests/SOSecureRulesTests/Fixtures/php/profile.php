<?php
// Profile page (generated): shows and updates a user's profile.
require_once __DIR__ . '/bootstrap.php';

$user = $_GET['user'] ?? 'guest';
$tab = $_GET['tab'] ?? 'overview';

// expect: php-sql-query-with-request-data
$result = mysqli_query($conn, "SELECT * FROM profiles WHERE login = '" . $user . "'");
$safe = mysqli_prepare($conn, "SELECT * FROM profiles WHERE login = ?");
// ok: php-sql-query-with-request-data
mysqli_stmt_bind_param($safe, "s", $user);

// expect: php-include-with-request-data
include "tabs/" . $tab . ".php";

// expect: php-echo-request-data
echo "<h1>Profile of " . $user . "</h1>";
// ok: php-echo-request-data
echo "<p>" . htmlspecialchars($user, ENT_QUOTES, 'UTF-8') . "</p>";

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    // expect: php-extract-request-data
    extract($_POST);
    // expect: php-unserialize-untrusted-data
    $preferences = unserialize($_COOKIE['prefs']);
    $avatar = $_POST['avatar'];
    // expect: php-command-with-request-data
    exec("convert uploads/" . $avatar . " -resize 64x64 avatars/" . $avatar, $output);
    // ok: php-command-with-request-data
    exec("convert uploads/" . escapeshellarg($avatar) . " avatars/small.png", $output);
    // expect: php-eval-of-dynamic-code
    eval('$theme = ' . $_POST['theme'] . ';');
}
?>
<footer>Generated profile page</footer>
