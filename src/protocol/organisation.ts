import { z } from "zod";

/** The organisation as its admins name it: the sidebar's heading, and "You were added to …". */
export const organisationSchema = z.object({ id: z.string(), name: z.string() });
export type Organisation = z.infer<typeof organisationSchema>;

/** PATCH /organisation: an admin renames the organisation (the first start names it "tagteam"). */
export const updateOrganisationBodySchema = z.strictObject({
  name: z.string().trim().min(1, "must not be blank").max(200),
});
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBodySchema>;
export const organisationResponseSchema = z.object({ organisation: organisationSchema });
