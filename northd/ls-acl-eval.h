/* ls-acl-eval.h: the logical flows of each ACL (see ls-acl-eval.c). */

#ifndef NORTHD_LS_ACL_EVAL_H
#define NORTHD_LS_ACL_EVAL_H 1

struct acl_owner;
struct lflow_build_input;
struct lflow_table;

void ls_acl_build_owner(const struct acl_owner *,
                        const struct lflow_build_input *,
                        struct lflow_table *);
void ls_acl_build_all_owners(const struct lflow_build_input *,
                             struct lflow_table *);

#endif /* northd/ls-acl-eval.h */
