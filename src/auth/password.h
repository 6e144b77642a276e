/* password: argon2id hashing and verification (libsodium crypto_pwhash_str). */
#ifndef KYODO_PASSWORD_H
#define KYODO_PASSWORD_H
#include <sodium.h>
#define PASSWORD_HASH_MAX crypto_pwhash_STRBYTES
int password_init(void);	/* sodium_init; 0 or -1 */
/* Interactive limits; tests and the demo may lower them with KYODO_FAST_HASH=1. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
int password_verify(const char *hash, const char *password);	/* 0 = match */
#endif
