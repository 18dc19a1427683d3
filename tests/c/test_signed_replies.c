/* Teacher messages with signed replies through the C ABI. The key is the
 * Ed25519 key of seed 07 07 ... 07; its signature below was made over the
 * bytes diary_signed_reply_bytes gives for message 1, replier 4, "I agree."
 * at 1726826400 (Ed25519 is deterministic), so a C host without a crypto
 * library can still check the whole path. */
#include "check.h"

#define PUBLIC_KEY "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
#define SIGNATURE                                                               \
    "b817eb6fe1fb755e4e832c1067577e085fd7c6f89a040c05ffc4b5e855b4e97b"         \
    "f26dcc4974bbf5d8465ccc310be3b7cff8e074f0e97b8575479fed74a24c8500"

/* A host scheme's verifier standing in for a GOST provider: the
 * "signature" is one byte, the XOR of every key and message byte. */
static int32_t xor_verify(void *user_data, const char *scheme, const uint8_t *key, size_t key_len,
                          const uint8_t *message, size_t message_len, const uint8_t *signature,
                          size_t signature_len) {
    uint8_t x = 0;
    size_t i;
    int *calls = user_data;
    (*calls)++;
    if (strcmp(scheme, "gost2012-256") != 0) return -1;
    for (i = 0; i < key_len; i++) x ^= key[i];
    for (i = 0; i < message_len; i++) x ^= message[i];
    return signature_len == 1 && signature[0] == x;
}

int main(void) {
    diary_db *db = NULL;
    diary_actor op = {DIARY_ACTOR_OPERATOR, 0}, admin = {DIARY_ACTOR_VOUCHED, 0}, teacher = {DIARY_ACTOR_VOUCHED, 0};
    diary_actor mother = {DIARY_ACTOR_VOUCHED, 0};
    int64_t school, year, t_id, a_id, c5a, student, m_id, tmp, key = 0, msg = 0;
    int32_t ok = -1;
    char *text = NULL, *json = NULL;

    CHECK_OK(diary_open_with_clock(NULL, 1726826400, &db)); /* 2024-09-20 10:00 UTC */
    CHECK_OK(diary_school_create(db, op, "School", "Moscow", "Europe/Moscow", 5, &school));
    CHECK_OK(diary_person_register(db, op, school, "Admin", "A", NULL, "1980-01-01", "112-233-445 95", &a_id));
    CHECK_OK(diary_staff_appoint(db, op, school, a_id, DIARY_ROLE_ADMIN));
    admin.person = a_id;
    CHECK_OK(diary_year_create(db, admin, school, "2024/25", "2024-09-01", "2025-05-31", &year));
    CHECK_OK(diary_person_register(db, admin, school, "Petrov", "P", NULL, "1975-05-05", "123-456-789 64", &t_id));
    CHECK_OK(diary_staff_appoint(db, admin, school, t_id, DIARY_ROLE_TEACHER));
    teacher.person = t_id;
    CHECK_OK(diary_class_create(db, admin, year, 5, "A", t_id, &c5a));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanov", "I", NULL, "2013-03-03", "087-654-321 02", &student));
    CHECK_OK(diary_student_enrol(db, admin, student, c5a, "2024-09-01", &tmp));
    CHECK_OK(diary_person_register(db, admin, school, "Ivanova", "M", NULL, "1985-07-07", "111-111-111 45", &m_id));
    CHECK_OK(diary_guardian_add(db, admin, student, m_id, DIARY_RELATION_MOTHER, 1));
    mother.person = m_id;
    CHECK(m_id == 4);

    /* Keys: only admins register; a malformed key is named. */
    CHECK_STATUS(diary_signing_key_register(db, teacher, m_id, PUBLIC_KEY, "passport", NULL, &key), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    CHECK_STATUS(diary_signing_key_register(db, admin, m_id, "abc", "passport", NULL, &key), DIARY_ERR_INVALID_INPUT, "public_key");
    CHECK_OK(diary_signing_key_register(db, admin, m_id, PUBLIC_KEY, "passport checked at the office", "2025-08-31", &key));
    CHECK_OK(diary_signing_keys_json(db, mother, m_id, &json));
    CHECK(json && strstr(json, PUBLIC_KEY) && strstr(json, "passport checked"));
    diary_string_free(json);
    json = NULL;

    CHECK_OK(diary_teacher_message_send(db, teacher, student, m_id, "Excursion", "Please confirm your consent.", 1, &msg));
    CHECK(msg == 1);
    CHECK_OK(diary_signed_reply_bytes(msg, m_id, "I agree.", 1726826400, &text));
    CHECK(text && strncmp(text, "diary-signed-reply-v1\nmessage 1\nreplier 4\ntext-sha256 ", 54) == 0);
    diary_string_free(text);
    /* Unsigned, tampered, another text: refused and nothing stored. */
    CHECK_STATUS(diary_teacher_message_reply(db, mother, msg, "I agree.", 0, NULL, 0), DIARY_ERR_INVALID_INPUT, "signature");
    CHECK_STATUS(diary_teacher_message_reply(db, mother, msg, "I agree!", key, SIGNATURE, 1726826400), DIARY_ERR_INVALID_INPUT, "signature");
    CHECK_STATUS(diary_teacher_message_reply(db, mother, msg, "I agree.", key, "00", 1726826400), DIARY_ERR_INVALID_INPUT, "signature");
    CHECK_STATUS(diary_teacher_message_reply(db, teacher, msg, "I agree.", key, SIGNATURE, 1726826400), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
    /* The right signature. */
    CHECK_OK(diary_teacher_message_reply(db, mother, msg, "I agree.", key, SIGNATURE, 1726826400));
    CHECK_OK(diary_signed_reply_verify(db, teacher, msg, &ok));
    CHECK(ok == 1);
    CHECK_OK(diary_teacher_messages_json(db, mother, m_id, &json));
    CHECK(json && strstr(json, "\"signed\":{\"key\":") && strstr(json, SIGNATURE));
    diary_string_free(json);
    json = NULL;
    CHECK_STATUS(diary_teacher_message_reply(db, mother, msg, "I agree.", key, SIGNATURE, 1726826400), DIARY_ERR_CONFLICT, (const char *)NULL);
    CHECK_OK(diary_signing_key_revoke(db, admin, key));
    CHECK_STATUS(diary_signing_key_revoke(db, teacher, key), DIARY_ERR_ACCESS_DENIED, (const char *)NULL);

    /* A certificate the host vouches for, checked by the host's verifier. */
    {
        int calls = 0;
        int64_t cert = 0, msg2 = 0;
        uint8_t x = 0xAB; /* the certificate is the one byte AB */
        size_t i;
        char hex[3], *signed_text = NULL;
        CHECK_STATUS(diary_certificate_vouch(db, admin, m_id, "gost2012-256", "ab", "CryptoPro", NULL, &cert),
                     DIARY_ERR_ACCESS_DENIED, (const char *)NULL);
        CHECK_OK(diary_certificate_vouch(db, op, m_id, "gost2012-256", "ab", "CryptoPro", NULL, &cert));
        CHECK_OK(diary_teacher_message_send(db, teacher, student, m_id, "Trip", "Consent?", 1, &msg2));
        CHECK_OK(diary_signed_reply_bytes(msg2, m_id, "Yes.", 1726826400, &signed_text));
        for (i = 0; signed_text && signed_text[i]; i++) x ^= (uint8_t)signed_text[i];
        diary_string_free(signed_text);
        snprintf(hex, sizeof hex, "%02x", x);
        CHECK_STATUS(diary_teacher_message_reply(db, mother, msg2, "Yes.", cert, hex, 1726826400), DIARY_ERR_INVALID_INPUT, "key");
        CHECK_STATUS(diary_signature_verifier_set(db, "ed25519", xor_verify, &calls), DIARY_ERR_INVALID_INPUT, "scheme");
        CHECK_OK(diary_signature_verifier_set(db, "gost2012-256", xor_verify, &calls));
        CHECK_STATUS(diary_teacher_message_reply(db, mother, msg2, "Yes.", cert, "00", 1726826400), DIARY_ERR_INVALID_INPUT, "signature");
        CHECK_OK(diary_teacher_message_reply(db, mother, msg2, "Yes.", cert, hex, 1726826400));
        CHECK_OK(diary_signed_reply_verify(db, teacher, msg2, &ok));
        CHECK(ok == 1 && calls == 3);
        CHECK_OK(diary_signature_verifier_set(db, "gost2012-256", NULL, NULL));
    }

    diary_close(db);
    return finish("c signed replies");
}
