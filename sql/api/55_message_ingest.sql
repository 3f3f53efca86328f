-- Words and messages (SPEC §2.8) are loaded by the intake
-- (src/pg/intake_streaming.cpp); messages may also be INSERTed straight
-- into hrlake.message. The functions their columns and checks use are in sql/install/50_messages.sql.

