/* password: argon2id via libsodium. The limits are libsodium's "interactive" ones;
 * KYODO_FAST_HASH=1 (tests only) uses the minimum so suites stay quick. */
#include "auth/password.h"
#include <stdlib.h>
#include <string.h>

int password_init(void) { return sodium_init() < 0 ? -1 : 0; }

static void password_limits(unsigned long long *ops, size_t *mem)
{
	const char *fast = getenv("KYODO_FAST_HASH");
	if (fast && strcmp(fast, "1") == 0) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	unsigned long long ops;
	size_t mem;
	password_limits(&ops, &mem);
	return crypto_pwhash_str_alg(out, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13);
}

int password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 ? 0 : -1;
}
