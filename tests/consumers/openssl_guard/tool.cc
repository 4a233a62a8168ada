// A program that links OpenSSL and not jwtv (never built: configure only).
int main() { return 0; }
